"""DXF in and out: architects' drawings → hall plans (metres), plans and findings → DXF.

Qt-free and matplotlib-free.  Public API:

- :func:`import_dxf` → :class:`ImportResult` (``.plan``, ``.report``, ``.underlay``)
- :func:`export_dxf` writes a plan and its findings
- :class:`DxfError` — the one error raised, bilingual and one line
- :func:`load_layer_map` — the default layer map, or a user file over it
"""

from geometry.dxf.errors import DxfError
from geometry.dxf.importer import import_dxf
from geometry.dxf.layermap import LayerMap, load_layer_map
from geometry.dxf.report import ImportReport, ImportResult, UnderlayText
from geometry.dxf.writer import export_dxf

__all__ = ["DxfError", "ImportReport", "ImportResult", "LayerMap", "UnderlayText", "export_dxf", "import_dxf", "load_layer_map"]
