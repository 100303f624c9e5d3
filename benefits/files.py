"""Checking an uploaded document before it is stored: its size, and what it really is.

The name and the browser's content type are the sender's word; the bytes decide. A PDF starts
with "%PDF-"; an image must open and verify in Pillow as JPEG or PNG (a phone photo of a
certificate). Anything else is refused, so a stored file is always one the reviewer can open.
"""

import warnings
from io import BytesIO

from PIL import Image

MAX_BYTES = 10 * 1024 * 1024  # DOMAIN.md §2 W3: attachments ≤ 10 MB each
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}


class BadFile(ValueError):
    pass


def sniff(upload) -> str:
    """The content type of an upload (image/jpeg, image/png, application/pdf); BadFile otherwise."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise BadFile("too_big")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # A decompression bomb (a tiny file of gigapixels) is refused, not just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as img:
                fmt = img.format
                img.verify()
    except Exception as exc:
        raise BadFile("not_image_or_pdf") from exc
    if fmt not in IMAGE_TYPES:
        raise BadFile("not_image_or_pdf")
    return IMAGE_TYPES[fmt]
