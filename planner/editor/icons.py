"""Simple drawn icons for the facility palette and the canvas markers (no image files)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from geometry.model import FACILITY_KINDS
from planner.editor.i18n_ui import ui_language

_SAFETY, _SERVICE, _EQUIP, _MOVE = "#c62828", "#2e7d32", "#1565c0", "#6d4c41"
# kind -> (glyph, colour)
GLYPHS: dict[str, tuple[str, str]] = {
    "display_screen": ("屏", _SERVICE), "queue_machine": ("号", _SERVICE), "evaluation_device": ("评", _SERVICE),
    "self_service_terminal": ("助", _SERVICE), "water_dispenser": ("水", _SERVICE), "rest_seats": ("椅", _SERVICE),
    "writing_desk": ("写", _SERVICE), "first_aid": ("+", _SAFETY), "toilet": ("WC", _SERVICE),
    "accessible_toilet": ("无", "#1e88e5"), "special_population": ("特", "#8e24aa"), "cctv": ("监", _SAFETY),
    "alarm": ("警", _SAFETY), "extinguisher": ("灭", _SAFETY), "emergency_light": ("灯", _SAFETY),
    "exit_sign": ("出", "#2e7d32"), "guide_sign": ("导", _SERVICE), "warning_sign": ("!", "#f9a825"),
    "notice_sign": ("告", _SERVICE),
    "notice_board": ("公", _SERVICE), "telephone": ("话", _EQUIP), "computer": ("机", _EQUIP),
    "printer": ("印", _EQUIP), "fax": ("传", _EQUIP), "filing_cabinet": ("柜", _EQUIP), "office_desk": ("桌", _EQUIP), "id_reader": ("证", _EQUIP),
    "stairs": ("梯", _MOVE), "escalator": ("扶", _MOVE), "lift": ("升", _MOVE), "other": ("?", "#757575"),
}
# the English interface's glyphs: Latin letters, drawn by any font (a machine without a CJK font shows
# no empty boxes in English)
GLYPHS_EN: dict[str, str] = {
    "display_screen": "Sc", "queue_machine": "Q", "evaluation_device": "Ev", "self_service_terminal": "SS",
    "water_dispenser": "W", "rest_seats": "Se", "writing_desk": "Wd", "first_aid": "+", "toilet": "WC",
    "accessible_toilet": "AT", "special_population": "SP", "cctv": "TV", "alarm": "Al", "extinguisher": "FE",
    "emergency_light": "EL", "exit_sign": "EX", "guide_sign": "G", "warning_sign": "!", "notice_sign": "N",
    "notice_board": "NB", "telephone": "Te", "computer": "PC", "printer": "Pr", "fax": "Fx", "filing_cabinet": "Fc",
    "office_desk": "D", "id_reader": "ID", "stairs": "St", "escalator": "Es", "lift": "L", "other": "?",
}
assert set(GLYPHS) >= set(FACILITY_KINDS) and set(GLYPHS_EN) == set(GLYPHS)


def glyph(kind: str, lang: str | None = None) -> tuple[str, str]:
    """(glyph, colour) of a facility kind in the interface language (``lang``: the current one)."""
    text, colour = GLYPHS.get(kind, GLYPHS["other"])
    if (lang or ui_language()) == "en":
        text = GLYPHS_EN.get(kind, GLYPHS_EN["other"])
    return text, colour


def paint_glyph(p: QPainter, rect: QRectF, kind: str, font_family: str | None = None, lang: str | None = None) -> None:
    """Draw the icon of ``kind`` in ``rect`` (device pixels): a coloured disc with a glyph."""
    text, colour = glyph(kind, lang)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(QColor("#ffffff"), 1.2))
    p.setBrush(QColor(colour))
    p.drawEllipse(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    f = QFont(font_family) if font_family else QFont()
    f.setPixelSize(max(6, int(rect.height() * (0.62 if len(text) == 1 else 0.45 if len(text) == 2 else 0.36))))
    f.setBold(True)
    p.setFont(f)
    p.setPen(QColor("#ffffff"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def facility_icon(kind: str, size: int = 24) -> QIcon:
    """The palette's icon of a facility kind, in the interface language."""
    return _facility_icon(kind, size, ui_language())


@lru_cache(maxsize=128)
def _facility_icon(kind: str, size: int, lang: str) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    paint_glyph(p, QRectF(0, 0, size, size), kind, lang=lang)
    p.end()
    return QIcon(pm)


def tool_icon(letter: str, colour: str = "#37474f", size: int = 24) -> QIcon:
    """A square icon with a short label, for drawing tools."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(QColor(colour), 1.5))
    p.setBrush(QColor(colour).lighter(170))
    p.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 4, 4)
    f = QFont()
    f.setPixelSize(int(size * 0.5))
    f.setBold(True)
    p.setFont(f)
    p.setPen(QColor(colour))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letter)
    p.end()
    return QIcon(pm)
