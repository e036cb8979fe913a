"""HTTP answers carrying a PDF, shared by the pages and the API."""

from django.http import HttpResponse


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF answer: ASCII filename, never cached (personal data)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
