"""A drawing text's lines as CAD shows them: its paragraphs (an MTEXT's ``\\P``, a ``\\n`` here), each
wrapped to the MTEXT's column width, and where each line's baseline stands.

The width of a string is whatever the caller measures (reportlab's ``stringWidth`` for the PDF, Qt's
font metrics in the editor), in the same unit as the column width.  Chinese breaks between any two
characters; Latin words break at spaces, and a word longer than the column stands on its own line
(as AutoCAD does).  Lines are ``LINE_SPACING`` × the text height apart (AutoCAD's default MTEXT
line spacing, 5/3).

>>> w = lambda s: float(len(s))       # one unit per character
>>> wrap_lines("服务大厅候诊区域", 3.0, w)
['服务大', '厅候诊', '区域']
>>> wrap_lines("see the plan\\nnotes", 8.0, w)
['see the', 'plan', 'notes']
>>> wrap_lines("one line", 0.0, w)       # no column width: paragraphs only
['one line']
>>> [round(y, 3) for y in baselines(3, 1.0, valign=3, single=-0.88)]   # top-aligned: going down from the top
[-0.88, -2.547, -4.213]
>>> [round(y, 3) for y in baselines(3, 1.0, valign=1, single=0.12)]    # bottom-aligned: the last line stays
[3.453, 1.787, 0.12]
"""

from __future__ import annotations

from typing import Callable

LINE_SPACING = 5.0 / 3.0


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F


def _tokens(paragraph: str) -> list[str]:
    """Breakable pieces: each CJK character, each run of other non-space characters, each run of spaces."""
    out: list[str] = []
    buf = ""
    for ch in paragraph:
        if _is_cjk(ch) or ch == " ":
            if buf:
                out.append(buf)
                buf = ""
            if ch == " " and out and out[-1].endswith(" ") and out[-1].strip() == "":
                out[-1] += ch
            else:
                out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def wrap_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The lines of ``text``: its paragraphs (``\\n``), each wrapped to ``width`` (0 or less: not wrapped)."""
    lines: list[str] = []
    for para in text.split("\n"):
        if width <= 0 or measure(para) <= width:
            lines.append(para)
            continue
        line = ""
        for tok in _tokens(para):
            if not line:
                if tok.strip():
                    line = tok
                continue
            if measure(line + tok) <= width or not tok.strip():
                line += tok
            else:
                lines.append(line.rstrip())
                line = tok if tok.strip() else ""
        lines.append(line.rstrip())
    return lines


def baselines(n: int, height: float, valign: int, single: float) -> list[float]:
    """The baseline of each of ``n`` lines of ``height``, relative to where a lone line's baseline
    would stand (``single``, as the caller places one line for that alignment), along the text's up
    direction: DXF's vertical alignment holds for the block (0 the first line's baseline and 3 its top
    stay put, the lines going down; 2 the block centred; 1 the last line's bottom stays put)."""
    step = LINE_SPACING * height
    shift = {2: (n - 1) * step / 2.0, 1: (n - 1) * step}.get(valign, 0.0)
    return [single + shift - i * step for i in range(n)]
