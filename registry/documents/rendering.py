"""The one rendering service: a Django template → PDF bytes, through WeasyPrint.

Every document of the project goes through `render_pdf` (or `render_document` when the pages
are needed one by one). It

* renders the template in Vietnamese whatever the viewer's UI language (documents are
  Vietnamese administrative documents), without the request: a document looks the same from
  a view, the API or a background batch;
* embeds the Times-metric serif of `fonts.py` (a missing font raises `FontMissing`, never a
  PDF in another face);
* fetches nothing from the network: only `data:` URIs and files under the font, static and
  template folders are readable, and a resource that fails stops the rendering (no half PDF).
"""

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .fonts import document_fonts, font_face_css

PDF_LANGUAGE = "vi"


def _allowed_roots() -> list[Path]:
    roots = [document_fonts().directory, Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "static"]
    roots += [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    return [r.resolve() for r in roots]


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """data: URIs and local files under the allowed folders; anything else is refused."""

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                from urllib.request import url2pathname

                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if any(path.is_relative_to(root) for root in _allowed_roots()):
                    return super().fetch(url, headers)
            raise ValueError(f"Documents may not load {url[:80]!r}")

    return LocalOnlyFetcher(allowed_protocols=("data", "file"), fail_on_errors=True, timeout=5)


def _default_base_url() -> str:
    return (Path(settings.BASE_DIR) / "templates" / "documents" / "pdf").as_uri() + "/"


def render_html(template: str, context: dict) -> str:
    """The template as HTML, in the documents' language."""
    with translation.override(PDF_LANGUAGE):
        return render_to_string(template, context)


def render_document(template: str, context: dict, *, base_url: str | None = None):
    """The laid-out WeasyPrint `Document` (pages available one by one)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=_url_fetcher())
    html = HTML(
        string=render_html(template, context), base_url=base_url or _default_base_url(), url_fetcher=_url_fetcher()
    )
    return html.render(stylesheets=[fonts], font_config=font_config)


def render_pdf(template: str, context: dict, *, base_url: str | None = None) -> bytes:
    """The template rendered as PDF bytes."""
    return render_document(template, context, base_url=base_url).write_pdf()


def write_in_chunks(
    chunks: Iterable[tuple[str, dict]],
    target: BinaryIO,
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Render each (template, context) chunk on its own and merge them into `target`.

    WeasyPrint's layout memory grows with the pages of one rendering; rendering a long batch in
    chunks of a few dozen pages keeps that bounded by the chunk, and only the finished PDF
    bytes (small next to the layout) are kept until the merge is written. Returns the number of
    pages; `on_chunk(pages_so_far)` is called after each chunk.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    pages = 0
    for template, context in chunks:
        data = render_pdf(template, context)
        writer.append(io.BytesIO(data))
        pages = len(writer.pages)
        del data
        if on_chunk is not None:
            on_chunk(pages)
    writer.write(target)
    writer.close()
    return pages


def chunked(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
