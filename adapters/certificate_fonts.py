"""The embedded CJK faces certificates are drawn with, and per-character fallback between them.

WenQuanYi Zen Hei (Debian fonts-wqy-zenhei) draws nearly everything; HanaMin B (fonts-hanazono) draws
the rare name characters above U+FFFF (CJK Extension B and later, e.g. 𠀾 U+2003E). Both are embedded
as subsets. A missing font file raises FontMissing naming the Debian package; a character neither face
has raises GlyphMissing: a certificate never prints a blank box or silently swaps in a viewer font.

reportlab's font registry and its TrueType subsetting are process-global and not thread-safe, so fonts
are registered once under a lock, and callers draw a whole document under ``FONT_LOCK``.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap
from reportlab.pdfgen.canvas import Canvas

from registry.certificates.issuance import CannotPrint


class FontMissing(RuntimeError):
    """A certificate font file is not installed: install the named Debian package."""


class GlyphMissing(CannotPrint, ValueError):
    """A character none of the certificate faces can draw."""

    def __init__(self, message: str = "a character cannot be drawn", *args: object) -> None:
        CannotPrint.__init__(self, message)


@dataclass(frozen=True)
class FontFile:
    name: str  # the name registered with reportlab
    path: str
    package: str  # the Debian package that installs the file
    subfont_index: int = 0


PRIMARY_FONT = FontFile("WQYZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei")
FALLBACK_FONT = FontFile("HanaMinB", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", "fonts-hanazono")
FONT_LOCK = threading.RLock()


class EmbeddedTTFont(TTFont):
    """A TTFont whose ToUnicode map spells characters above U+FFFF as UTF-16 surrogate pairs.

    reportlab 5.1 writes ``<01> <2003E>`` for 𠀾, which text extractors reject, so the character could
    not be searched or copied from the page; the PDF specification wants ``<01> <D840DC3E>``.
    """

    def addObjects(self, doc) -> None:  # noqa: N802 (reportlab's name)
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if all(code <= 0xFFFF for code in subset):
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = _utf16_cmap(makeToUnicodeCMap(base, subset), subset)


def _utf16_cmap(cmap: str, subset: list[int]) -> str:
    for code, value in enumerate(subset):
        if value > 0xFFFF:
            pair = chr(value).encode("utf-16-be").hex().upper()
            cmap = cmap.replace("<%02X> <%04X>" % (code, value), "<%02X> <%s>" % (code, pair))  # noqa: UP031
    return cmap


class CertificateFonts:
    """The registered faces: split text into runs by face, measure it and draw it."""

    def __init__(self, primary: FontFile, fallback: FontFile) -> None:
        self.files = (primary, fallback)
        for font in self.files:
            if not os.path.isfile(font.path):
                raise FontMissing(
                    f"certificate font {font.path} is missing: install the Debian package {font.package} "
                    f"(scripts/system-packages.sh installs it)"
                )
        faces = [EmbeddedTTFont(f.name, f.path, subfontIndex=f.subfont_index) for f in self.files]
        for face in faces:
            pdfmetrics.registerFont(face)
        self.primary, self.fallback = primary.name, fallback.name
        self._primary_chars = faces[0].face.charToGlyph
        self._fallback_chars = faces[1].face.charToGlyph

    def font_for(self, character: str) -> str:
        code = ord(character)
        if code in self._primary_chars or character.isspace():
            return self.primary
        if code in self._fallback_chars:
            return self.fallback
        raise GlyphMissing(f"no certificate font can draw {character!r} (U+{code:04X})")

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, substring) runs, each drawable by one face."""
        runs: list[tuple[str, str]] = []
        for character in text:
            font = self.font_for(character)
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + character)
            else:
                runs.append((font, character))
        return runs

    def width(self, text: str, size: float, spacing: float = 0) -> float:
        return sum(pdfmetrics.stringWidth(t, f, size) for f, t in self.runs(text)) + spacing * len(text)

    def draw(self, canvas: Canvas, x: float, y: float, text: str, size: float, *, align: str = "left",
             spacing: float = 0, outline: float = 0) -> float:
        """Draw one line at baseline ``y`` (``align`` left/centre/right of ``x``); returns its width.
        ``outline`` > 0 also strokes the glyphs with that line width (heavier type, as on a seal)."""
        width = self.width(text, size, spacing)
        x -= {"left": 0, "centre": width / 2, "right": width}[align]
        label = canvas.beginText(x, y)
        label.setCharSpace(spacing)
        if outline:
            canvas.setLineWidth(outline)
            label.setTextRenderMode(2)
        for font, part in self.runs(text):
            label.setFont(font, size)
            label.textOut(part)
        canvas.drawText(label)
        return width

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width``: between any two characters (CJK rules),
        at a space when a Latin word would be cut, and at every newline."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for character in paragraph:
                advance = pdfmetrics.stringWidth(character, self.font_for(character), size)
                if not line or line_width + advance <= width:
                    line, line_width = line + character, line_width + advance
                    continue
                cut = line.rfind(" ") if character.isascii() and character.isalnum() else -1
                if cut > 0 and line[cut + 1:].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1:] + character
                else:
                    lines.append(line)
                    line = character.lstrip()
                line_width = self.width(line, size)
            lines.append(line)
        return lines


_loaded: CertificateFonts | None = None


def certificate_fonts() -> CertificateFonts:
    """The faces named by PRIMARY_FONT and FALLBACK_FONT, registered once per process."""
    global _loaded
    with FONT_LOCK:
        if _loaded is None or _loaded.files != (PRIMARY_FONT, FALLBACK_FONT):
            _loaded = CertificateFonts(PRIMARY_FONT, FALLBACK_FONT)
        return _loaded
