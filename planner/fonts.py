"""Chinese fonts for every output: the PDF (reportlab), the charts (matplotlib) and the editor (Qt).

One search, one answer, whatever the machine has:

1. ``HALLPLAN_CJK_FONT=/path/to/font.ttf[:index]`` — an explicit TrueType file, when set;
2. a system CJK font with TrueType outlines (Windows: Microsoft YaHei, SimSun, SimHei; macOS: PingFang,
   STHeiti, Songti, Hiragino Sans GB; Linux: WenQuanYi, AR PL, Droid Sans Fallback, Noto Sans SC TTF);
3. the bundled ``assets/fonts/HallPlanSansSC-Regular.ttf`` (a GB 2312 subset of Noto Sans CJK SC);
4. for the PDF only: reportlab's built-in ``STSong-Light`` CID font (no font file, not embedded; every
   PDF viewer with Chinese support draws it).

Noto Sans CJK as Debian ships it (``.ttc`` with CFF outlines) is found but skipped: reportlab embeds
TrueType outlines only.  The mode ``HALLPLAN_FONTS`` (or the ``mode`` argument) narrows the search:
``auto`` (default, all of the above), ``system`` (1–2, then CID), ``bundled`` (3, then CID: the
machine with no CJK font at all) and ``cid`` (4 only, no TrueType file: what a machine without
fonts and without the bundle gets).

No Qt, reportlab or matplotlib import at module level.

>>> font_mode("cid"), find_font_file("cid") is None
('cid', True)
"""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import assets
from planner import fontcache

MODES = ("auto", "system", "bundled", "cid")
ENV_MODE = "HALLPLAN_FONTS"
ENV_FILE = "HALLPLAN_CJK_FONT"
CID_FONT = "STSong-Light"
BUNDLED = "HallPlanSansSC-Regular.ttf"
PROBE = "政务服务中心审核盖章"  # a usable face draws all of these (simplified forms)
MAX_FACES = 256  # faces of one collection looked at (a .ttc has a handful)

# file names worth opening, best first
_PREFERRED = (r"msyh", r"pingfang", r"notosanssc", r"notosanscjksc", r"sourcehansanssc", r"wqy-?microhei",
              r"wqy-?zenhei", r"simsun", r"simhei", r"stheiti", r"hiragino sans gb", r"songti", r"deng",
              r"droidsansfallback", r"uming", r"ukai", r"arphic", r"cjk", r"sarasa", r"lxgw", r"arial unicode")
_NAME_RE = re.compile("|".join(_PREFERRED), re.I)


_CID_EXTRA = frozenset("—–‘’“”")  # outside Python's GB 2312 map but drawn by the CID font (checked with poppler)
_CID_SUBST = {"²": "2", "³": "3", "⌀": "φ", "Ø": "φ", "⌈": "[", "⌉": "]", "⌊": "[", "⌋": "]", "•": "-", "·": "-", "⩾": "≥",
              "⩽": "≤", "①": "(1)", "√": "v", "□": "[ ]", "≥": ">=", "≤": "<=", "×": "x", "–": "-", "—": "-", "…": "...",
              "“": '"', "”": '"', "§": "S"}  # tried in order of preference; a substitute the font lacks becomes "?"


@dataclass(frozen=True)
class FontFile:
    """A TrueType face that draws simplified Chinese."""

    path: Path
    index: int  # face number inside a .ttc, 0 for .ttf
    family: str
    source: str  # "env" | "system" | "bundled"


class _Printable(dict):  # type: ignore[type-arg]
    """What :meth:`PdfFont.safe` makes of each character, worked out the first time it is met
    (``str.translate`` asks the mapping for each character; this dict answers the ones it has not seen)."""

    def __init__(self, font: "PdfFont") -> None:
        super().__init__()
        self.font = font

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        font = self.font
        if ch.isascii() or font._has(ch):
            out = ch
        else:
            sub = _CID_SUBST.get(ch, "?")
            out = sub if all(c.isascii() or font._has(c) for c in sub) else "?"
        self[code] = out
        return out


@dataclass(frozen=True)
class PdfFont:
    """A font registered with reportlab (``name``) and what it can draw."""

    name: str
    source: str  # "env" | "system" | "bundled" | "cid"
    file: FontFile | None
    cmap: frozenset[int] | None  # None: the CID font (Adobe-GB1 covers GB 18030's common set)

    def covers(self, text: str) -> bool:
        if self.cmap is None:
            return True
        return all(ord(ch) in self.cmap for ch in set(text) if not ch.isspace())

    def safe(self, text: str) -> str:
        """``text`` as this font can print it.  A TrueType face keeps what its cmap has; the CID font
        keeps GBK Chinese and GB 2312 symbols (viewers' substitutes lack e.g. ² and ·).  Others become a
        close form (⌈ → [, ⌀ → φ, ² → 2) or ``?``."""
        if text.isascii():
            return text
        return text.translate(self._printable)

    @functools.cached_property
    def _printable(self) -> "_Printable":
        return _Printable(self)

    def _has(self, ch: str) -> bool:
        if self.cmap is not None:
            return ord(ch) in self.cmap or ch.isspace()
        if ch in _CID_EXTRA:
            return True
        # Chinese characters: GBK (Adobe-GB1 has them all); symbols: GB 2312 as Python maps it, what
        # viewers' substitutes for STSong-Light reliably draw (² and · in GBK come out as boxes)
        try:
            ch.encode("gbk" if _ideographs(ch) else "gb2312")
            return True
        except UnicodeEncodeError:
            return False

    def missing(self, text: str) -> str:
        if self.cmap is None:
            return ""
        return "".join(sorted(ch for ch in set(text) if not ch.isspace() and ord(ch) not in self.cmap))


def font_mode(mode: str | None = None) -> str:
    m = (mode or os.environ.get(ENV_MODE) or "auto").strip().lower()
    if m not in MODES:
        raise ValueError(f"font mode must be one of {', '.join(MODES)}, not {m!r}")
    return m


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        win = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", str(home / "AppData" / "Local")))
        return [win / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    xdg = Path(os.environ.get("XDG_DATA_HOME", str(home / ".local" / "share")))
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", xdg / "fonts"]


def system_candidates() -> list[Path]:
    """Font files whose names look like CJK fonts, best first (not yet opened)."""
    found: list[Path] = []
    for d in _font_dirs():
        if not d.is_dir():
            continue
        for root, _dirs, files in os.walk(d):
            for f in files:
                if f.lower().endswith((".ttf", ".ttc", ".otf", ".otc")) and _NAME_RE.search(f):
                    found.append(Path(root) / f)

    def rank(p: Path) -> tuple[int, int, str]:
        name = p.name.lower()
        for i, pat in enumerate(_PREFERRED):
            if re.search(pat, name):
                bold = int(any(w in name for w in ("bold", "black", "heavy", "light", "thin", "medium")))
                return (i, bold, name)
        return (len(_PREFERRED), 0, name)

    return sorted(set(found), key=rank)


def _faces(path: Path) -> Iterator[int]:
    if path.suffix.lower() in (".ttc", ".otc"):
        key = fontcache.key_of(path, -1)
        n = fontcache.get(key)
        if not isinstance(n, int) or not 0 <= n <= MAX_FACES:  # none kept, or not a count we wrote
            from fontTools.ttLib import TTCollection

            try:
                n = len(TTCollection(str(path), lazy=True).fonts)
            except Exception:  # unreadable collection: skip it
                return
            fontcache.put(key, n)
        yield from range(min(n, MAX_FACES))
    else:
        yield 0


def _probe(path: Path, index: int, source: str) -> FontFile | None:
    """The face when it has TrueType outlines and draws the probe characters, else None.  The answer
    is kept per file version (:mod:`planner.fontcache`): a font already seen is not opened again."""
    key = fontcache.key_of(path, index)
    known = fontcache.get(key)
    if isinstance(known, dict) and isinstance(known.get("family"), str):
        return FontFile(path=path, index=index, family=known["family"], source=source)
    if isinstance(known, dict) and known.get("usable") is False:
        return None
    try:
        family = _probe_family(path, index)
    except OSError:  # cannot be read now (permissions, a disk gone): ask again next time
        return None
    fontcache.put(key, {"family": family} if family is not None else {"usable": False})
    return FontFile(path=path, index=index, family=family, source=source) if family is not None else None


def _probe_family(path: Path, index: int) -> str | None:
    """The family name of the face when it is usable (see :func:`_probe`), else None."""
    from fontTools.ttLib import TTFont

    try:
        f = TTFont(str(path), fontNumber=index, lazy=True)
        if "glyf" not in f:  # CFF outlines: reportlab cannot embed them
            return None
        cmap = f.getBestCmap() or {}
        if not all(ord(ch) in cmap for ch in PROBE):
            return None
        family = str(f["name"].getDebugName(1) or path.stem)
        name = family.lower()
        if any(w in name for w in (" jp", " kr", " tc", " hk", "japanese", "korean")):
            return None  # the simplified-Chinese face of a collection is wanted
        return family
    except OSError:
        raise
    except Exception:  # a broken font file is just not a candidate
        return None


def bundled_font() -> FontFile | None:
    p = assets.path("fonts", BUNDLED)
    return _probe(p, 0, "bundled") if p.is_file() else None


def _env_font() -> FontFile | None:
    raw = os.environ.get(ENV_FILE)
    if not raw:
        return None
    path, _, idx = raw.rpartition(":") if re.search(r":\d+$", raw) else (raw, "", "0")
    p = Path(path)
    return _probe(p, int(idx or 0), "env") if p.is_file() else None


@functools.lru_cache(maxsize=8)
def font_files(mode: str | None = None) -> tuple[FontFile, ...]:
    """Every usable TrueType CJK face for ``mode``, best first (the bundled one last)."""
    m = font_mode(mode)
    out: list[FontFile] = []
    if m in ("auto", "system"):
        env = _env_font()
        if env is not None:
            out.append(env)
        for p in system_candidates():
            for i in _faces(p):
                ff = _probe(p, i, "system")
                if ff is not None:
                    out.append(ff)
                    break
            if len(out) >= 3:  # enough to choose from
                break
    if m in ("auto", "bundled"):
        b = bundled_font()
        if b is not None:
            out.append(b)
    return tuple(out)


def find_font_file(mode: str | None = None) -> FontFile | None:
    """The best TrueType CJK face for ``mode``, or None (then only the CID font prints Chinese)."""
    files = font_files(font_mode(mode))
    return files[0] if files else None


@functools.lru_cache(maxsize=16)
def _register_ttf(ff: FontFile) -> PdfFont | None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "HP-" + re.sub(r"[^A-Za-z0-9]+", "", ff.family)[:24] + f"-{ff.index}"
    try:
        font = TTFont(name, str(ff.path), subfontIndex=ff.index)
    except (TTFError, OSError, ValueError):
        return None
    pdfmetrics.registerFont(font)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    cmap = frozenset(font.face.charToGlyph.keys())
    return PdfFont(name=name, source=ff.source, file=ff, cmap=cmap)


@functools.lru_cache(maxsize=1)
def cid_font() -> PdfFont:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CID_FONT, bold, italic, CID_FONT)
    return PdfFont(name=CID_FONT, source="cid", file=None, cmap=None)


def _ideographs(text: str) -> bool:
    return any(0x2E80 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF or ord(ch) >= 0x20000 for ch in text)


def pdf_font(mode: str | None = None, text: str = "") -> PdfFont:
    """Register and return the PDF font for ``text``: the first TrueType face that draws all of it;
    else the first that lacks only symbols (printed through :meth:`PdfFont.safe`); else, when Chinese
    characters are missing (a rare character in a name), the CID font."""
    near: PdfFont | None = None
    for ff in font_files(font_mode(mode)):
        f = _register_ttf(ff)
        if f is None:
            continue
        lack = f.missing(text)
        if not lack:
            return f
        if near is None and not _ideographs(lack) and len(lack) <= 8:
            near = f
    return near if near is not None else cid_font()


def matplotlib_family(mode: str | None = None) -> str | None:
    """Register a CJK face with matplotlib and return its family name; None when there is none.

    Charts prefer the bundled TrueType file (same look everywhere), then a system ``.ttf``.
    """
    m = font_mode(mode)
    if m == "cid":
        return None
    files = sorted(font_files(m), key=lambda f: f.source != "bundled")
    from matplotlib import font_manager

    for ff in files:
        if ff.path.suffix.lower() != ".ttf":
            continue
        try:
            font_manager.fontManager.addfont(str(ff.path))
            return str(font_manager.FontProperties(fname=str(ff.path)).get_name())
        except Exception:  # a face matplotlib cannot read: try the next one
            continue
    return None


def qt_font_file(mode: str | None = None) -> Path | None:
    """A TrueType file for ``QFontDatabase.addApplicationFont`` (the editor on a machine without CJK)."""
    ff = find_font_file(mode)
    return ff.path if ff is not None else None


def describe(mode: str | None = None) -> str:
    ff = find_font_file(mode)
    if ff is None:
        return f"CID {CID_FONT} (built into reportlab)"
    return f"{ff.family} ({ff.source}: {ff.path}{'#' + str(ff.index) if ff.index else ''})"


__all__ = ["FontFile", "PdfFont", "MODES", "ENV_MODE", "ENV_FILE", "font_mode", "font_files", "find_font_file",
           "pdf_font", "cid_font", "matplotlib_family", "qt_font_file", "system_candidates", "describe"]
