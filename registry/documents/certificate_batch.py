"""Batch kind "certificates": every valid certificate of a commune, one A4 sheet each."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from . import certificate
from .formatting import pdf_filename
from .kinds import Chunk, Progress, Request, clean_commune, commune_visible_q
from .models import BatchKind
from .rendering import chunked
from .selectors import batch_communes, can_print_certificates, certificates_to_print, printable_certificates


class CertificateBatches:
    code = BatchKind.CERTIFICATES.value
    label = gettext_lazy("Disability certificates of a commune")
    description = gettext_lazy(
        "Every valid disability certificate of the commune, one A4 sheet each (both faces, to cut and fold)."
    )
    chunk_size = certificate.BATCH_CHUNK

    def may_request(self, viewer) -> bool:
        return can_print_certificates(viewer)

    def form(self, *, viewer, data=None):
        from .forms import CertificateBatchForm

        return CertificateBatchForm(data, viewer=viewer)

    def clean(self, *, viewer, data: dict) -> Request:
        commune = clean_commune(data, batch_communes(viewer))
        return Request(
            params={"commune": commune.code},
            title=pgettext("documents", "Disability certificates · %(commune)s") % {"commune": commune.name},
            commune=commune,
        )

    def visible_q(self, viewer):
        return commune_visible_q(viewer, self.code) if can_print_certificates(viewer) else None

    def count(self, batch) -> int:
        return certificates_to_print(batch.commune).count()

    def chunks(self, batch, progress: Progress):
        base_url = batch.base_url or None
        for group in chunked(printable_certificates(batch.commune), self.chunk_size):
            cards = [certificate.card(p, base_url=base_url) for p in group]
            yield Chunk(certificate.TEMPLATE, {"cards": cards}, items=len(group))

    def filename(self, batch) -> str:
        return pdf_filename(
            f"{certificate.FILENAME_STEM}-{batch.commune.code}", batch.requested_at.strftime("%Y%m%d-%H%M")
        )

    def log_detail(self, batch) -> str:
        return f"certificate batch {batch.commune.code} {batch.pk}"

    def empty_message(self, batch) -> str:
        return _("%(commune)s has no valid certificate to print.") % {"commune": batch.commune.name}


CERTIFICATES = CertificateBatches()
