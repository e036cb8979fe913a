"""Errors of the documents module."""

from registry.errors import DomainError


class DocumentUnavailable(DomainError):
    """The document cannot be produced from the data as it is (e.g. no valid determination).

    Views answer with a clear page (HTTP 400), the API with the one JSON error shape; never a
    half-made PDF.
    """

    code = "document_unavailable"


class FontMissing(RuntimeError):
    """The Times-metric serif covering Vietnamese is not installed on this machine."""
