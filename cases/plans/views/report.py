from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from registry.access import log_access
from registry.documents.formatting import pdf_filename
from registry.models import AccessLog, AdminUnit

from ..report import plan_report_pdf
from .common import visible_plan


@login_required
def plan_report(request, pk: int):
    """The annual plan report as PDF, for the province or `?unit=CODE`, scoped like the dashboard."""
    plan = visible_plan(request, pk)
    unit = request.GET.get("unit") or None
    try:
        data = plan_report_pdf(viewer=request.user, plan=plan, unit_code=unit)
    except AdminUnit.DoesNotExist:
        raise Http404 from None
    log_access(user=request.user, action=AccessLog.Action.DOCUMENT, request=request, detail=f"plan report {plan.pk}")
    response = HttpResponse(data, content_type="application/pdf")
    filename = pdf_filename(f"bao-cao-ke-hoach-{plan.year}", unit or plan.province.code)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
