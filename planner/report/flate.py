"""A reportlab canvas that compresses the PDF's streams at a chosen zlib level, without ASCII85.

reportlab compresses every stream (page contents, font subsets) with ``zlib.compress`` at the default
level 6, and then writes the page streams in ASCII85 (7-bit text, a quarter larger: a habit of the
days of mail gateways; every PDF reader takes binary streams).  The plan sheet of a real floor is a
stream of a megabyte or two of path operators, where level 6 spends several times the time of
level 1 for a file a little smaller.  reportlab has no setting for the level: its stream filter is
the module object ``pdfdoc.PDFZCompress`` and the ASCII85 switch ``rl_config.useA85``, both looked up
when the document is written, so :class:`FlateCanvas` sets them for the duration of
:meth:`~FlateCanvas.save` (the only moment page and font streams are encoded) and restores them after.

>>> import io, zlib
>>> buf = io.BytesIO(); c = FlateCanvas(buf); c.drawString(10, 10, "x" * 2000); c.save()
>>> b"/FlateDecode" in buf.getvalue(), b"ASCII85" in buf.getvalue(), pdfdoc.PDFZCompress is _DEFAULT
(True, False, True)

A long page stream (the plan sheet of a real floor: a megabyte or two) is compressed on a second
thread as soon as its page is finished, while the document's later pages are laid out (zlib lets go
of the interpreter while it works); :meth:`FlateFilter.encode` then takes that result when the
document is written.  The bytes are the ones compressing it then would give.
"""

from __future__ import annotations

import threading
import zlib
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

# measured on every stream of two real floors' PDFs (benchmarks/bench_pdf_build.py --levels): level 6
# takes 4-5× the time of level 1 (us_apartments: 2.1 MB of streams in 91 ms against 19 ms) for streams
# 13-21 % smaller (523 against 660 kB); with the plan sheet's shorter numbers the file is still smaller
# than reportlab's level 6 made it before (668 against 837 kB)
LEVEL = 1

_DEFAULT = pdfdoc.PDFZCompress
_LOCK = threading.Lock()
EARLY = 256 * 1024  # characters: a page stream at least this long is compressed when its page ends


class _Early:
    """A page stream being compressed on its own thread."""

    def __init__(self, text: str, level: int) -> None:
        self.text = text
        self.data: bytes | None = None
        self._thread = threading.Thread(target=self._run, args=(level,), name="hallplan-pdf-flate", daemon=True)
        self._thread.start()

    def _run(self, level: int) -> None:
        try:
            self.data = zlib.compress(self.text.encode("utf8"), level)
        except Exception:  # MemoryError and the like: encode() compresses it again and reports what fails
            self.data = None

    def result(self) -> bytes | None:
        self._thread.join()
        return self.data


class FlateFilter:
    """reportlab's stream filter (``pdfname``, ``encode``, ``decode``) at zlib level ``level``."""

    pdfname = "FlateDecode"

    def __init__(self, level: int) -> None:
        self.level = level
        self.early: dict[int, _Early] = {}  # id(stream text) -> its compression started when the page ended

    def start(self, text: str) -> None:
        """Compress ``text`` (a page's stream) on another thread; :meth:`encode` takes the result."""
        self.early[id(text)] = _Early(text, self.level)

    def encode(self, text: str | bytes) -> bytes:
        early = self.early.pop(id(text), None)
        if early is not None and early.text is text:
            data = early.result()
            if data is not None:
                return data
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, self.level)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


class FlateCanvas(Canvas):  # type: ignore[misc]
    """A :class:`Canvas` whose streams are compressed at ``LEVEL`` (``flate_level`` overrides it)."""

    def __init__(self, *args: Any, flate_level: int = LEVEL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._flate = FlateFilter(flate_level)

    def showPage(self) -> None:  # noqa: N802  (reportlab's name)
        super().showPage()
        page = self._doc.Pages.pages[-1] if self._doc.Pages.pages else None
        text = getattr(page, "stream", None)
        if isinstance(text, str) and len(text) >= EARLY and getattr(page, "compression", False):
            self._flate.start(text)

    def save(self) -> None:
        with _LOCK:  # two documents saved at once by two threads each get their own level
            a85 = rl_config.useA85
            pdfdoc.PDFZCompress, rl_config.useA85 = self._flate, 0
            try:
                super().save()
            finally:
                pdfdoc.PDFZCompress, rl_config.useA85 = _DEFAULT, a85
                self._flate.early.clear()


__all__ = ["FlateCanvas", "FlateFilter", "LEVEL"]
