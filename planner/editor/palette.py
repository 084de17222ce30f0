"""The facility palette: one icon button per facility kind of the seed's list."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGridLayout, QToolButton, QWidget

from geometry.model import FACILITY_KINDS
from planner.editor.i18n_ui import pair
from planner.editor.icons import facility_icon


class FacilityPalette(QWidget):
    """Clicking a kind picks it and switches to the facility tool (``choose(kind)``)."""

    def __init__(self, choose: Callable[[str], None], columns: int = 2) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for i, kind in enumerate(FACILITY_KINDS):
            b = QToolButton()
            b.setObjectName(f"palette_{kind}")
            b.setIcon(facility_icon(kind))
            b.setIconSize(QSize(22, 22))
            b.setAutoRaise(True)
            b.setToolButtonStyle(b.toolButtonStyle().ToolButtonTextBesideIcon)
            b.clicked.connect(lambda _c=False, k=kind: choose(k))
            grid.addWidget(b, i // columns, i % columns)
            self.buttons[kind] = b
        grid.setRowStretch(len(FACILITY_KINDS) // columns + 1, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for kind, b in self.buttons.items():
            b.setIcon(facility_icon(kind))  # its glyph in the interface language
            b.setText(pair(FACILITY_KINDS[kind]))
            b.setToolTip(pair(FACILITY_KINDS[kind]))
