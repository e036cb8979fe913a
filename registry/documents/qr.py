"""QR codes for documents, as PNG data URIs (no file, no network)."""

import base64
import io


def qr_png(text: str, *, scale: int = 8, border: int = 4) -> bytes:
    """A QR code of `text` as PNG bytes; error correction M, sized to the text."""
    import segno

    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_data_uri(text: str, **kwargs) -> str:
    """`data:image/png;base64,…` for an `<img>` of a PDF template."""
    return "data:image/png;base64," + base64.b64encode(qr_png(text, **kwargs)).decode("ascii")
