"""Kinds of document batch, pluggable: `settings.DOCUMENT_BATCH_KINDS` lists dotted paths to
kind providers, each owned by its app (the registry never imports `policies` or `cases`):

* `registry.documents.certificate_batch.CERTIFICATES` — every valid certificate of a commune;
* `policies.batches.DECISIONS` — every decision of a commune dated in a month;
* `cases.plans.report_batch.PLAN_REPORT` — the plan report with an annex per commune.

A provider is any object with the attributes and methods of `BatchKindProvider` below. The one
service pair (`batches.batch_start`, `batches.batch_run`) asks it who may request it, validates
the parameters (raising `registry.errors.FieldError` naming the field, in Vietnamese), counts
the items, yields the chunks to render (`Chunk(template, context, items)`, each rendered on its
own by `rendering.write_in_chunks`), names the file and writes the access-log detail.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from registry.errors import FieldError


@dataclass
class Chunk:
    """One rendering of a batch: a PDF template, its context, and how many of the batch's items
    (certificates, decisions, units) it holds — the progress counts items, not pages."""

    template: str
    context: dict
    items: int = 1


@dataclass
class Request:
    """What a kind's `clean` accepted: the commune the batch is about (None for a province-wide
    document), the JSON parameters stored on the batch, and the title shown on the pages."""

    params: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    commune: Any = None  # registry.AdminUnit | None


@dataclass
class Progress:
    """Where a running batch is: pages and items rendered so far (read by the chunk generators
    that number pages across chunks)."""

    pages: int = 0
    done: int = 0


class BatchKindProvider(Protocol):
    code: str  # stored in DocumentBatch.kind (≤ 20 characters)
    label: str  # lazy translation: "Decisions of a commune for a month"
    description: str  # one sentence shown on the batch list page

    def may_request(self, viewer) -> bool: ...

    def form(self, *, viewer, data=None):
        """A Django form for the batch list page (its fields are the kind's parameters)."""

    def clean(self, *, viewer, data: dict) -> Request:
        """Validate the raw parameters (strings from a form or JSON); FieldError on bad input."""

    def visible_q(self, viewer) -> Q | None:
        """Batches of this kind the viewer may see (None: none). Must include the kind."""

    def count(self, batch) -> int: ...

    def chunks(self, batch, progress: Progress) -> Iterable[Chunk]: ...

    def filename(self, batch) -> str: ...

    def log_detail(self, batch) -> str: ...

    def empty_message(self, batch) -> str: ...


def batch_kinds() -> dict[str, BatchKindProvider]:
    """The configured kinds by code, in settings order."""
    out: dict[str, BatchKindProvider] = {}
    for path in getattr(settings, "DOCUMENT_BATCH_KINDS", None) or []:
        provider = import_string(path) if isinstance(path, str) else path
        out[provider.code] = provider
    return out


def kind_choices() -> list[tuple[str, str]]:
    return [(code, provider.label) for code, provider in batch_kinds().items()]


def get_kind(code: str) -> BatchKindProvider:
    provider = batch_kinds().get(code or "")
    if provider is None:
        raise FieldError("kind", _("Unknown kind of batch."))
    return provider


def kinds_for(viewer) -> list[BatchKindProvider]:
    """The kinds the viewer may request."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    return [provider for provider in batch_kinds().values() if provider.may_request(viewer)]


def visible_q(viewer) -> Q | None:
    """Batches of any kind the viewer may see, as one Q (None: none at all)."""
    combined = None
    for provider in batch_kinds().values():
        q = provider.visible_q(viewer)
        if q is not None:
            combined = q if combined is None else combined | q
    return combined


# Helpers shared by the kinds about one commune -------------------------------------------------
def clean_commune(data: dict, allowed, *, field_name: str = "commune"):
    """The commune named by its statistics code (or an AdminUnit) among `allowed` (a queryset of
    current communes in the viewer's reach), else FieldError naming the field."""
    from registry.models import AdminUnit

    value = data.get(field_name)
    if isinstance(value, AdminUnit):
        value = value.code if value.level == "commune" and value.is_current else ""
    code = str(value or "").strip()
    if not code:
        raise FieldError(field_name, _("Choose a commune."))
    commune = allowed.filter(code=code).first()
    if commune is None:
        raise FieldError(field_name, _("Choose a commune of your area (statistics code, e.g. 20242)."))
    return commune


def commune_visible_q(viewer, code: str) -> Q:
    """Batches of kind `code` about a commune of the viewer's scope."""
    from registry.scope import scope_of

    return Q(kind=code, commune__isnull=False) & scope_of(viewer).commune_q("commune_id")
