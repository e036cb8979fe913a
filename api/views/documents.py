"""Document endpoints: PDFs served as `application/pdf`, under the same scope rules as the pages.

`GET /api/v1/persons/{id}/documents/certificate.pdf` and `.../profile.pdf`,
`GET /api/v1/decisions/{id}/document.pdf`, `GET /api/v1/payrolls/{id}/document.pdf`; batches:
`POST /api/v1/document-batches/` (202), `GET /api/v1/document-batches/`, `.../{id}/` and
`.../{id}/document.pdf` (404 until done). A row
outside the viewer's scope (or a role without person-level access) → 404; anonymous → 401; a
certificate the data cannot support → 400 in the one JSON error shape (never a half PDF).
Rendering, refusal rules and the access log live in `registry.documents`; this module only
maps HTTP to them.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import documents as policy_documents
from registry.access import log_access
from registry.documents import batches, certificate, profile
from registry.documents.formatting import pdf_filename
from registry.documents.models import DocumentBatch
from registry.documents.responses import pdf_response
from registry.documents.selectors import (
    batches_visible_to,
    can_print_certificates,
    printable_certificate,
    visible_person,
)
from registry.documents.urls_for import public_base_url
from registry.documents.views import batch_file_response
from registry.errors import NotPermitted
from registry.models import AccessLog, Person

from ..pagination import PageNumberPagination
from ..serializers.common import ErrorSerializer
from ..serializers.documents import DocumentBatchInputSerializer, DocumentBatchSerializer


def _errors(*codes: int) -> dict:
    """Error answers are JSON whatever the client accepts (see _DocumentView.finalize_response)."""
    return {(code, "application/json"): ErrorSerializer for code in codes}


PDF_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF document."),
    **_errors(401, 404),
}


class PdfRenderer(BaseRenderer):
    """Lets clients ask for `Accept: application/pdf`; the views return the bytes themselves."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class _DocumentView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, PdfRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):  # errors are JSON, whatever the client accepts
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class _PersonDocumentView(_DocumentView):
    def get_person(self, pk: int) -> Person:
        try:
            return visible_person(viewer=self.request.user, pk=pk)
        except Person.DoesNotExist:
            raise Http404


class PersonCertificatePdfView(_PersonDocumentView):
    @extend_schema(
        operation_id="persons_documents_certificate_pdf",
        summary="The person's disability certificate (form 06) as PDF",
        description="Both faces of the 66 × 98 mm card on one A4 sheet, with the QR code of the public check. "
        "400 when the person has no valid certificate or no valid determination; 403 for roles that do not "
        "print certificates.",
        responses={**PDF_RESPONSES, **_errors(400, 403)},
        tags=["documents"],
    )
    def get(self, request, pk: int):
        person = self.get_person(pk)
        if not can_print_certificates(request.user):
            raise NotPermitted(_("Your role cannot print certificates."))
        printable = printable_certificate(person)  # DocumentUnavailable → 400
        data = certificate.certificate_pdf(printable, request=request)
        log_access(
            user=request.user,
            action=AccessLog.Action.DOCUMENT,
            request=request,
            person=person,
            detail=f"certificate {printable.certificate.number}",
        )
        return pdf_response(data, certificate.certificate_filename(printable))


class PersonProfilePdfView(_PersonDocumentView):
    @extend_schema(
        operation_id="persons_documents_profile_pdf",
        summary="The person's profile (hồ sơ) as PDF",
        description="Identity, residences, determinations, certificates and the sections other apps add; "
        "ID numbers only for roles that see them.",
        responses=PDF_RESPONSES,
        tags=["documents"],
    )
    def get(self, request, pk: int):
        person = self.get_person(pk)
        data = profile.profile_pdf(viewer=request.user, person=person)
        log_access(
            user=request.user, action=AccessLog.Action.DOCUMENT, request=request, person=person, detail="profile"
        )
        return pdf_response(data, profile.profile_filename(person))


class DecisionPdfView(_DocumentView):
    @extend_schema(
        operation_id="decisions_document_pdf",
        summary="The decision (grant, adjust, suspend, resume, stop) as PDF",
        description="An administrative document in the format of Decree 30/2020/NĐ-CP. 404 outside the scope.",
        responses=PDF_RESPONSES,
        tags=["documents"],
    )
    def get(self, request, pk: int):
        from policies.selectors import decisions_visible_to

        try:
            decision = (
                decisions_visible_to(request.user)
                .select_related("person", "person__commune", "person__commune__parent", "commune", "benefit__policy")
                .get(pk=pk)
            )
        except ObjectDoesNotExist:
            raise Http404
        data = policy_documents.decision_pdf(decision)
        log_access(
            user=request.user,
            action=AccessLog.Action.DOCUMENT,
            request=request,
            person=decision.person,
            detail=f"decision {decision.number}",
        )
        return pdf_response(data, pdf_filename("quyet-dinh", f"{decision.number}-{decision.pk}"))


class PayrollPdfView(_DocumentView):
    @extend_schema(
        operation_id="payrolls_document_pdf",
        summary="The monthly payroll list of a commune as PDF, with a signature column",
        description="A4 landscape; the table header repeats on every page; totals and page numbers. "
        "404 outside the scope.",
        responses=PDF_RESPONSES,
        tags=["documents"],
    )
    def get(self, request, pk: int):
        from policies.selectors import payrolls_visible_to

        try:
            payroll = (
                payrolls_visible_to(request.user).select_related("commune", "prepared_by", "approved_by").get(pk=pk)
            )
        except ObjectDoesNotExist:
            raise Http404
        data, context = policy_documents.payroll_pdf(payroll)
        log_access(
            user=request.user,
            action=AccessLog.Action.DOCUMENT,
            request=request,
            row_count=len(context["rows"]),
            detail=f"payroll {payroll.commune.code} {payroll.month:%m/%Y}",
        )
        return pdf_response(data, pdf_filename(f"danh-sach-chi-tra-{payroll.commune.code}", f"{payroll.month:%Y-%m}"))


class PlanReportPdfView(_DocumentView):
    @extend_schema(
        operation_id="plans_report_pdf",
        summary="The annual plan report (indicators, chart, agencies' narratives) as PDF",
        description="For the province or the unit given by `unit` (a commune code). 404 outside the scope.",
        parameters=[OpenApiParameter("unit", OpenApiTypes.STR, description="Commune or province code.")],
        responses=PDF_RESPONSES,
        tags=["documents"],
    )
    def get(self, request, pk: int):
        from cases.plans.models import Plan
        from cases.plans.report import plan_report_pdf
        from cases.plans.selectors import plan_detail
        from registry.models import AdminUnit

        try:
            plan = plan_detail(viewer=request.user, pk=pk)
            data = plan_report_pdf(viewer=request.user, plan=plan, unit_code=request.query_params.get("unit"))
        except (Plan.DoesNotExist, AdminUnit.DoesNotExist):
            raise Http404
        log_access(
            user=request.user, action=AccessLog.Action.DOCUMENT, request=request, detail=f"plan report {plan.pk}"
        )
        unit = request.query_params.get("unit") or plan.province.code
        return pdf_response(data, pdf_filename(f"bao-cao-ke-hoach-{plan.year}", unit))


# Batches ----------------------------------------------------------------------------------------
BATCH_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The batch's id.")


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(
        summary="Document batches you may see",
        description="Newest first: batches about the communes of your scope for the kinds your role may request, "
        "and the plan reports you requested (administrators: all).",
    ),
    retrieve=extend_schema(
        summary="One document batch with its progress",
        parameters=[BATCH_ID],
        responses={200: DocumentBatchSerializer, **_errors(404)},
    ),
    create=extend_schema(
        summary="Start a document batch (rendered in the background into one PDF)",
        description='`{"kind": "certificates", "commune": "20242"}`, '
        '`{"kind": "decisions", "commune": "20242", "month": "2025-03"}` (decisions signed in that month) or '
        '`{"kind": "plan_report", "plan": 1}` (the report with an annex per commune). Answers 202 with the '
        "batch; follow `url` (page) or poll the batch until `download_url` is set. A batch with nothing to "
        'render ends with status "empty". 400 names the wrong field; 403 when your role may not request the kind.',
        request=DocumentBatchInputSerializer,
        responses={202: DocumentBatchSerializer, **_errors(400, 403)},
    ),
)
class DocumentBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentBatchSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    queryset = DocumentBatch.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self):
        return batches_visible_to(self.request.user).order_by("-requested_at")

    def create(self, request):
        data = DocumentBatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = batches.batch_start(
            actor=request.user,
            kind=data.validated_data["kind"],
            params=data.params(),
            base_url=public_base_url(request),
        )
        batch.refresh_from_db()  # eager tasks (demo) may have rendered it already
        return Response(self.get_serializer(batch).data, status=status.HTTP_202_ACCEPTED)


class DocumentBatchPdfView(_DocumentView):
    @extend_schema(
        operation_id="document_batches_document_pdf",
        summary="The finished batch as one PDF",
        description="404 until the batch is done (and for an empty or failed batch), and outside your scope.",
        parameters=[BATCH_ID],
        responses=PDF_RESPONSES,
        tags=["documents"],
    )
    def get(self, request, pk):
        try:
            batch = batches_visible_to(request.user).get(pk=pk)
        except DocumentBatch.DoesNotExist:
            raise Http404 from None
        return batch_file_response(request, batch)
