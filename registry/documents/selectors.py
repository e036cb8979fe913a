"""Reads behind the documents. Persons always come through `registry.selectors.person_detail`
(scoped by `registry.scope`): outside the viewer's scope a document does not exist (404)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from registry.models import AdminUnit, Certificate, Determination, Person
from registry.models.persons import CertificateStatus, PersonStatus
from registry.scope import scope_of
from registry.selectors import person_detail

from . import kinds
from .errors import DocumentUnavailable
from .models import DocumentBatch, LegalBasis

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
_TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def can_print_commune_documents(viewer) -> bool:
    """Certificates and decisions are the commune's legal documents: printed by the roles that
    record or sign them (commune officer and leader, provincial officer, administrator), not by
    the association or the statistics office."""
    scope = scope_of(viewer)
    return bool(
        getattr(viewer, "is_authenticated", False) and scope.sees_persons and (scope.edits_persons or scope.approves)
    )


def can_print_certificates(viewer) -> bool:
    return can_print_commune_documents(viewer)


def visible_person(*, viewer, pk: int) -> Person:
    """The person if the viewer may see them, else Person.DoesNotExist (→ 404)."""
    if not viewer.is_authenticated:
        raise Person.DoesNotExist
    return person_detail(viewer=viewer, pk=pk)


@dataclass
class PrintableCertificate:
    certificate: Certificate
    determination: Determination
    person: Person


def _certificates() -> QuerySet:
    return Certificate.objects.select_related(
        "issuing_commune", "issuing_commune__parent", "determination", "person__commune", "person__commune__parent"
    )


def printable_certificate(person: Person) -> PrintableCertificate:
    """The person's valid certificate and the valid determination it rests on, or
    DocumentUnavailable saying what is missing."""
    if person.status == PersonStatus.DECEASED:
        raise DocumentUnavailable(_("This person is recorded as deceased: no certificate is printed."))
    certificate = _certificates().filter(person=person, status=CertificateStatus.VALID).first()
    if certificate is None:
        raise DocumentUnavailable(_("This person has no valid disability certificate: issue the certificate first."))
    determination = certificate.determination
    if determination is None or not determination.is_valid:
        determination = person.determinations.filter(is_valid=True).order_by("-determined_on", "-id").first()
    if determination is None:
        raise DocumentUnavailable(
            _("This person has no valid determination: the certificate cannot be printed until one is recorded.")
        )
    return PrintableCertificate(certificate=certificate, determination=determination, person=person)


def certificates_to_print(commune: AdminUnit) -> QuerySet:
    """Valid certificates issued by the commune to living, not deleted persons, in name order."""
    return (
        _certificates()
        .filter(issuing_commune=commune, status=CertificateStatus.VALID, person__deleted_at__isnull=True)
        .exclude(person__status=PersonStatus.DECEASED)
        .order_by("person__name_folded", "person_id")
    )


def printable_certificates(commune: AdminUnit):
    """`PrintableCertificate`s of the commune's batch; certificates without any valid
    determination are skipped (the batch page reports how many)."""
    for certificate in certificates_to_print(commune).iterator(chunk_size=200):
        person = certificate.person
        determination = certificate.determination
        if determination is None or not determination.is_valid:
            determination = person.determinations.filter(is_valid=True).order_by("-determined_on", "-id").first()
        if determination is not None:
            yield PrintableCertificate(certificate=certificate, determination=determination, person=person)


def certificate_by_token(token: str) -> Certificate | None:
    """The certificate behind a public verification token, or None (also for malformed tokens)."""
    if len(token) != TOKEN_LENGTH or not set(token) <= _TOKEN_CHARS:
        return None
    return (
        Certificate.objects.select_related("person")
        .filter(verification_token=token, person__deleted_at__isnull=True)
        .first()
    )


def batch_communes(viewer) -> QuerySet:
    """Communes whose certificates the viewer may print in a batch."""
    if not can_print_certificates(viewer):
        return AdminUnit.objects.none()
    return scope_of(viewer).communes()


def batches_visible_to(viewer) -> QuerySet:
    """Batches the viewer may see, whatever their kind: each kind says which of its batches
    (`visible_q`). A batch about a commune: the roles that may request that kind, in that
    commune's scope; a province-wide batch (the plan report): its requester and administrators."""
    if not getattr(viewer, "is_authenticated", False):
        return DocumentBatch.objects.none()
    q = kinds.visible_q(viewer)
    if q is None:
        return DocumentBatch.objects.none()
    return DocumentBatch.objects.filter(q).select_related("commune", "requested_by")


def legal_bases(document: str, on: date) -> list[str]:
    """The "Căn cứ …" lines (without "Căn cứ" and ";") of a kind of document dated `on`."""
    return list(
        LegalBasis.objects.filter(document=document)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("sort_order", "id")
        .values_list("text", flat=True)
    )
