"""Document routes (PDFs), mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from ..views.documents import (
    DecisionPdfView,
    DocumentBatchPdfView,
    DocumentBatchViewSet,
    PayrollPdfView,
    PersonCertificatePdfView,
    PersonProfilePdfView,
    PlanReportPdfView,
)

urlpatterns = [
    path(
        "persons/<int:pk>/documents/certificate.pdf",
        PersonCertificatePdfView.as_view(),
        name="api-person-certificate-pdf",
    ),
    path("persons/<int:pk>/documents/profile.pdf", PersonProfilePdfView.as_view(), name="api-person-profile-pdf"),
    path("decisions/<int:pk>/document.pdf", DecisionPdfView.as_view(), name="api-decision-document-pdf"),
    path("payrolls/<int:pk>/document.pdf", PayrollPdfView.as_view(), name="api-payroll-document-pdf"),
    path("plans/<int:pk>/report.pdf", PlanReportPdfView.as_view(), name="api-plan-report-pdf"),
    path(
        "document-batches/",
        DocumentBatchViewSet.as_view({"get": "list", "post": "create"}),
        name="api-document-batch-list",
    ),
    path(
        "document-batches/<uuid:pk>/",
        DocumentBatchViewSet.as_view({"get": "retrieve"}),
        name="api-document-batch-detail",
    ),
    path("document-batches/<uuid:pk>/document.pdf", DocumentBatchPdfView.as_view(), name="api-document-batch-pdf"),
]
