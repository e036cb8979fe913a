from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DocumentsConfig(AppConfig):
    name = "registry.documents"
    label = "documents"
    verbose_name = pgettext_lazy("documents", "Documents")
    default_auto_field = "django.db.models.BigAutoField"
