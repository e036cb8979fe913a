from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Annual plans, their indicators, the roll-up from commune to province and agency reports.

    Sits on top of `registry`, `policies` and `cases` (it reads all three); none of them imports it.
    """

    name = "cases.plans"
    label = "plans"
    verbose_name = _("Plans and indicators")
    default_auto_field = "django.db.models.BigAutoField"
