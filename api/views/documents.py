"""Document endpoints: PDFs served as `application/pdf`, under the same scope rules as the pages.

`GET /api/v1/persons/{id}/documents/certificate.pdf` and `.../profile.pdf`,
`GET /api/v1/decisions/{id}/document.pdf`, `GET /api/v1/payrolls/{id}/document.pdf`. A row
outside the viewer's scope (or a role without person-level access) → 404; anonymous → 401; a
certificate the data cannot support → 400 in the one JSON error shape (never a half PDF).
Rendering, refusal rules and the access log live in `registry.documents`; this module only
maps HTTP to them.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.access import log_access
from registry.documents import certificate, profile
from registry.documents.formatting import pdf_filename
from registry.documents.rendering import render_pdf
from registry.documents.responses import pdf_response
from registry.documents.selectors import can_print_certificates, printable_certificate, visible_person
from registry.errors import NotPermitted
from registry.models import AccessLog, Person

from ..serializers.common import ErrorSerializer


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


# Allowance decision and payroll list (data from the policies app, read through its selectors) ------
# The page-side equivalents belong to the policies pages; these builders only shape selector
# results into the administrative document's context.
DECISION_TEMPLATE = "documents/pdf/decision.html"
PAYROLL_TEMPLATE = "documents/pdf/payroll.html"
DECISION_ACTS = {
    "grant": ("Về việc hưởng {policy}", "Cho hưởng {policy}"),
    "adjust": ("Về việc điều chỉnh mức {policy}", "Điều chỉnh mức {policy}"),
    "suspend": ("Về việc tạm dừng {policy}", "Tạm dừng {policy}"),
    "resume": ("Về việc tiếp tục {policy}", "Tiếp tục {policy}"),
    "stop": ("Về việc thôi hưởng {policy}", "Thôi hưởng {policy}"),
}


def _entitlement(decision):
    """The engine's item for the decision's policy, commune and effective month (None if none)."""
    from policies.selectors import person_entitlements
    from registry.errors import DomainError

    try:
        items = person_entitlements(person=decision.person, month=decision.effective_month).items
    except DomainError:
        return None
    for item in items:
        if item.policy == decision.benefit.policy.code and item.paying_commune_id == decision.commune_id:
            return item
    return None


def decision_context(decision) -> dict:
    from django.utils import translation

    from policies.money import coefficient_vi, money
    from policies.months import month_label
    from registry.documents.certificate import birth_text
    from registry.documents.formatting import commune_heading, place_and_date, residence_line

    person, commune, policy = decision.person, decision.commune, decision.benefit.policy
    subtitle, act = DECISION_ACTS.get(decision.kind, DECISION_ACTS["grant"])
    policy_name = policy.name[:1].lower() + policy.name[1:]
    item = _entitlement(decision) if decision.kind in ("grant", "adjust", "resume") else None
    with translation.override("vi"):
        reason = decision.get_suspension_reason_display() if decision.suspension_reason else decision.reason
        return {
            "doc_title": "Quyết định",
            "doc_subtitle": subtitle.format(policy=policy_name),
            "issuer_lines": commune_heading(commune),
            "number": decision.number,
            "place_date": place_and_date(commune, decision.decided_on),
            "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}",
            "legal_bases": [b for b in [policy.legal_basis] if b],
            "act": act.format(policy=policy_name),
            "honorific": "bà" if person.sex == "female" else "ông",
            "person_name": person.full_name,
            "birth": birth_text(person),
            "residence": residence_line(person.village, person.commune),
            "level": str(person.get_level_display()) if person.level else "",
            "amount": money(item.amount) if item else "",
            "coefficient": coefficient_vi(item.coefficient) if item and item.coefficient is not None else "",
            "standard_level": money(item.standard_level) if item and item.standard_level else "",
            "effective_month": month_label(decision.effective_month),
            "reason": str(reason or ""),
            "pay_suspended_months": decision.pay_suspended_months,
            "kind": decision.kind,
            "commune_name": commune.name,
            "recipients": ["Như Điều 3", f"{str(decision.person.full_name)}", "Lưu: VT"],
            "signer_title": "Chủ tịch",
            "signer_name": decision.signer,
        }


def payroll_context(payroll) -> dict:
    from policies.money import money, number
    from policies.months import month_label
    from policies.selectors.lists import payroll_by_person, payroll_totals_by_policy
    from registry.documents.formatting import commune_heading, long_date, short_name

    rows = []
    for index, group in enumerate(payroll_by_person(payroll), start=1):
        person = group.person
        names = list(dict.fromkeys(line.policy.name for line in group.lines))
        rows.append(
            {
                "index": index,
                "name": person.full_name,
                "birth_year": "" if person.date_of_birth is None else person.date_of_birth.year,
                "village": person.village,
                "policies": "; ".join(names),
                "current": number(group.current),
                "arrears": number(group.arrears) if group.arrears else "",
                "total": number(group.total),
            }
        )
    approved = payroll.status == "approved"
    day = (payroll.approved_at or payroll.prepared_at).date()
    return {
        "doc_title": "Danh sách chi trả trợ cấp, hỗ trợ xã hội hằng tháng",
        "doc_subtitle": f"Tháng {month_label(payroll.month)}",
        "draft": not approved,
        "issuer_lines": commune_heading(payroll.commune),
        "place_date": f"{short_name(payroll.commune)}, {long_date(day)}",
        "rows": rows,
        "totals": {
            "current": number(payroll.current_total),
            "arrears": number(payroll.arrears_total),
            "total": number(payroll.total),
            "total_money": money(payroll.total),
            "persons": payroll.person_count,
        },
        "by_policy": [
            {**r, "current": money(r["current"]), "arrears": money(r["arrears"]), "total": money(r["total"])}
            for r in payroll_totals_by_policy(payroll)
        ],
        "preparer": payroll.prepared_by.get_full_name() or payroll.prepared_by.get_username(),
        "approver": (payroll.approved_by.get_full_name() or payroll.approved_by.get_username())
        if payroll.approved_by
        else "",
    }


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
        data = render_pdf(DECISION_TEMPLATE, decision_context(decision))
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
        context = payroll_context(payroll)
        data = render_pdf(PAYROLL_TEMPLATE, context)
        log_access(
            user=request.user,
            action=AccessLog.Action.DOCUMENT,
            request=request,
            row_count=len(context["rows"]),
            detail=f"payroll {payroll.commune.code} {payroll.month:%m/%Y}",
        )
        return pdf_response(data, pdf_filename(f"danh-sach-chi-tra-{payroll.commune.code}", f"{payroll.month:%Y-%m}"))
