"""Document batches: one PDF of many documents rendered in the background.

The input names the kind and its parameters (validated by the kind itself, in
`registry.documents`); the output is the batch with its progress and, once done, the address of
its PDF.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.documents.models import BatchStatus, DocumentBatch


class DocumentBatchInputSerializer(serializers.Serializer):
    """What to render. The fields a kind does not use are ignored."""

    kind = serializers.CharField(
        max_length=20,
        help_text=_("certificates (commune), decisions (commune and month) or plan_report (plan)."),
    )
    commune = serializers.CharField(
        required=False, max_length=5, help_text=_("The commune's statistics code (certificates, decisions).")
    )
    month = serializers.CharField(
        required=False, max_length=7, help_text=_("YYYY-MM: the decisions signed in this month (decisions).")
    )
    plan = serializers.IntegerField(required=False, help_text=_("The plan's id (plan_report)."))

    def params(self) -> dict:
        return {key: value for key, value in self.validated_data.items() if key != "kind"}


class DocumentBatchSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(source="display_title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    requested_by = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text=_("The batch's page (progress, download)."))
    download_url = serializers.SerializerMethodField(help_text=_("The PDF, once the batch is done; else null."))

    class Meta:
        model = DocumentBatch
        fields = [
            "id", "kind", "kind_label", "title", "commune", "params", "status", "status_label", "done", "total",
            "percent", "pages", "requested_by", "requested_at", "finished_at", "error", "url", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_requested_by(self, batch) -> str:
        user = batch.requested_by
        return user.get_full_name() or user.get_username()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, batch) -> str:
        return self._absolute(reverse("documents:batch_detail", args=[batch.pk]))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download_url(self, batch) -> str | None:
        if batch.status != BatchStatus.DONE or not batch.file:
            return None
        return self._absolute(reverse("api-document-batch-pdf", args=[batch.pk]))
