"""Drawing preferences (default counter size, route and entrance widths), kept in QSettings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QSettings


@dataclass
class Prefs:
    counter_length_m: float = 1.6
    counter_depth_m: float = 0.8
    counter_height_m: float = 0.80
    counter_color: str = "深棕色"
    counter_count: int = 5  # 0: as many as fit along the line
    route_width_m: float = 1.5
    entrance_width_m: float = 2.0
    grid_step_m: float = 0.1
    autosave_s: int = 60

    @classmethod
    def load(cls) -> "Prefs":
        s = QSettings()
        out = cls()
        for f in dataclasses.fields(cls):
            v = s.value(f"prefs/{f.name}")
            if v is None:
                continue
            try:
                setattr(out, f.name, type(getattr(out, f.name))(v))
            except (TypeError, ValueError):
                pass
        return out

    def save(self) -> None:
        s = QSettings()
        for f in dataclasses.fields(self):
            s.setValue(f"prefs/{f.name}", getattr(self, f.name))
