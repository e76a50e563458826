"""A QR code drawn with half-block characters, readable by a phone's camera from the screen.

segno (a kept, dependency-free QR library) encodes; its compact terminal form packs two module
rows into one line (▀ ▄ █). It draws light modules as blocks, so the widget pins light blocks on
a black ground whatever the theme: a QR code must stay dark on light to be read reliably.
"""

from __future__ import annotations

import io

import segno
from textual.widgets import Static

QUIET_ZONE = 1  # modules of light margin: phones read it, and the code fits an 80x24 terminal


def qr_text(data: str) -> str:
    """The QR code of `data` as lines of half blocks (no trailing newline)."""
    code = segno.make(data, error="l", micro=False, boost_error=False)  # the smallest code
    out = io.StringIO()
    code.terminal(out=out, compact=True, border=QUIET_ZONE)
    return out.getvalue().rstrip("\n")


class QRCode(Static):
    DEFAULT_CSS = """
    QRCode {
        width: auto;
        height: auto;
        color: #ffffff;
        background: #000000;
    }
    """

    def __init__(self, data: str, **kwargs) -> None:
        super().__init__(qr_text(data), markup=False, **kwargs)
