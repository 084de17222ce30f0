"""reportlab's line breaking of a Chinese paragraph of several styles (``cjkFragSplit``), without its per-character objects.

A compliance-table item is a paragraph of three or four styles (the bold title, the grey rule code, the
message).  reportlab breaks such a paragraph into lines by making an object per character (a ``str``
subclass carrying its style and its width, measured with ``stringWidth`` one character at a time) and
then, line by line, looking up the font's ascent and comparing styles character by character: on a
real floor's report that was a tenth of the whole PDF build.  :func:`cjk_frag_split` runs the same
algorithm over plain lists — each character's width measured once per font and size and kept, the
ascent and the style comparison once per run of one style — and returns the same lines, attribute
for attribute (``tests/planner/test_cjk_wrap.py`` compares the two on generated paragraphs).
Paragraphs with inline images or other callbacks (``cbDefn``) are left to reportlab.
"""

from __future__ import annotations

from typing import Any, Sequence
from unicodedata import category

from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.rl_config import _FUZZ

# (font name, size) -> (the font registered under that name, character -> width as stringWidth gives it)
_WIDTHS: dict[tuple[str, float], tuple[Any, dict[str, float]]] = {}


def handles(frags: Sequence[Any]) -> bool:
    """Whether :func:`cjk_frag_split` takes these fragments (plain text, no callbacks)."""
    return all(isinstance(getattr(f, "text", None), str) and not hasattr(f, "cbDefn") for f in frags)


def _widths(f: Any) -> dict[str, float]:
    key = (f.fontName, f.fontSize)
    font = getFont(f.fontName)
    got = _WIDTHS.get(key)
    if got is None or got[0] is not font:  # (a name registered again for another face starts afresh)
        got = _WIDTHS[key] = (font, {})
    return got[1]


def cjk_frag_split(frags: Sequence[Any], maxWidths: Sequence[float], calcBounds: bool) -> Any:  # noqa: N803
    """``reportlab.platypus.paragraph.cjkFragSplit(frags, maxWidths, calcBounds)`` for fragments that
    :func:`handles` (the lines it returns, the same)."""
    chars: list[str] = []  # each character ('' for an empty fragment, as reportlab keeps one)
    widths: list[float] = []
    owner: list[int] = []  # the fragment of each character
    for k, f in enumerate(frags):
        text = f.text
        known = _widths(f)
        for t in (text if text else ("",)):
            w = known.get(t)
            if w is None:
                w = known[t] = stringWidth(t, f.fontName, f.fontSize)
            chars.append(t)
            widths.append(w)
            owner.append(k)
    breaks = [hasattr(f, "lineBreak") for f in frags]
    lines: list[Any] = []
    i = lineStartPos = 0  # noqa: N806  (the names of reportlab's loop, kept to compare)
    widthUsed: float = 0  # noqa: N806
    maxWidth = maxWidths[0]  # noqa: N806
    nU = len(chars)  # noqa: N806
    while i < nU:
        u = chars[i]
        w = widths[i]
        lineBreak = breaks[owner[i]]  # noqa: N806
        i += 1
        widthUsed += w  # noqa: N806
        endLine = (widthUsed > maxWidth + _FUZZ and widthUsed > 0) or lineBreak  # noqa: N806
        if endLine:
            extraSpace = maxWidth - widthUsed  # noqa: N806
            if not lineBreak:
                if ord(u) < 0x3000:  # inside a non-Asian run: back to a space or to a Chinese character
                    limitCheck = (lineStartPos + i) >> 1  # noqa: N806
                    for j in range(i - 1, limitCheck, -1):
                        uj = chars[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extraSpace += sum(widths[ii] for ii in range(j, i))  # noqa: N806
                                w = widths[k]
                                u = chars[k]
                                i = j
                                break
                if u not in ALL_CANNOT_START and i > lineStartPos + 1:  # a character that may not start a line hangs
                    i -= 1
                    extraSpace += w  # noqa: N806
            lines.append(_line(frags, chars, owner, lineStartPos, i, maxWidth, widthUsed, extraSpace, lineBreak, calcBounds))
            try:
                maxWidth = maxWidths[len(lines)]  # noqa: N806
            except IndexError:
                maxWidth = maxWidths[-1]  # noqa: N806
            lineStartPos = i  # noqa: N806
            widthUsed = 0  # noqa: N806
    if widthUsed > 0:
        lines.append(_line(frags, chars, owner, lineStartPos, nU, maxWidth, widthUsed, maxWidth - widthUsed, False, calcBounds))
    return ParaLines(kind=1, lines=lines)


def _line(frags: Sequence[Any], chars: list[str], owner: list[int], a: int, b: int, maxWidth: float,  # noqa: N803
          widthUsed: float, extraSpace: float, lineBreak: bool, calcBounds: bool) -> Any:  # noqa: N803
    """``makeCJKParaLine`` of characters ``a:b``: the same per run of one fragment as per character."""
    words = []
    maxSize: float = 0  # noqa: N806
    maxAscent: float = 0  # noqa: N806
    minDescent: float = 0  # noqa: N806
    f0: Any = FragLine()
    start = a  # the first character of the word being gathered
    i = a
    while i < b:
        k = owner[i]
        f = frags[k]
        j = i + 1
        while j < b and owner[j] == k:
            j += 1
        fontSize = f.fontSize  # noqa: N806
        ascent, descent = getAscentDescent(f.fontName, fontSize)  # what calcBounds would measure too without callbacks
        maxSize = max(maxSize, fontSize)  # noqa: N806
        maxAscent = max(maxAscent, ascent)  # noqa: N806
        minDescent = min(minDescent, descent)  # noqa: N806
        # reportlab compares each character's fragment with the word's first: within one fragment the
        # answer is the first character's unless the fragment never equals itself (a line break)
        same_self = sameFrag(f, f)
        for c in range(i, j):
            if c == i or not same_self:
                if not sameFrag(f0, f):
                    word = f0.clone()
                    word.text = "".join(chars[start:c])
                    words.append(word)
                    start = c
                    f0 = f
            # else: the same fragment as the previous character, which either matched f0 or became it
        i = j
    if b > a:
        word = f0.clone()
        word.text = "".join(chars[start:b])
        words.append(word)
    return FragLine(kind=1, extraSpace=extraSpace, wordCount=1, words=words[1:], fontSize=maxSize, ascent=maxAscent,
                    descent=minDescent, maxWidth=maxWidth, currentWidth=widthUsed, lineBreak=lineBreak)


__all__ = ["cjk_frag_split", "handles"]
