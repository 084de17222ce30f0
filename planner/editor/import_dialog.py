"""Opening files off the GUI thread, and the DXF import dialog (layer map, units, progress).

The import runs through ``planner.loading.import_drawing`` (DXF or DWG) on the editor's one
background mechanism (``planner.editor.worker.BackgroundRunner``), first with the default layer map; the
user may then reassign layers or force the units and import again.
"""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from geometry.i18n import HallPlanError
from planner.editor.i18n_ui import t, ui_language
from planner.loading import LoadedPlan, import_drawing
from planner.editor.worker import BackgroundRunner

UNIT_CHOICES = ("", "mm", "cm", "m", "in", "ft")


class ImportRunner(BackgroundRunner):
    """The editor's one background mechanism (``planner.editor.worker``), with progress for the dialog.

    ``report(fraction, message)`` may be called from the worker thread: the signal is queued to
    the GUI thread, carrying only a float and a string."""

    progress = Signal(float, str)

    def __init__(self, on_done: Callable[[int, Any, float], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_done = on_done

    def report(self, fraction: float, message: str) -> None:
        try:
            self.progress.emit(float(fraction), str(message))
        except RuntimeError:  # the dialog closed while the import ran
            pass

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        self._on_done(gen, result, seconds)


def failure_text(exc: BaseException) -> str:
    """One line for the user; an unexpected error's traceback goes to stderr."""
    if isinstance(exc, HallPlanError):
        return exc.text(ui_language())
    if isinstance(exc, MemoryError):
        return t("内存不足,文件过大", "out of memory: the file is too large")
    traceback.print_exception(exc)
    return t("内部错误:", "internal error: ") + f"{type(exc).__name__}: {exc}"


def layer_map_with(overrides: dict[str, str]) -> Any:
    """The default layer map with some layers given new roles (exact names, tried first)."""
    from geometry.dxf import load_layer_map

    base = load_layer_map()
    low = {k.casefold() for k in overrides}
    layers: dict[str, list[str]] = {}
    for layer, role in overrides.items():
        layers.setdefault(role, []).append(layer)
    for role, names in base.layers.items():
        layers.setdefault(role, [])
        layers[role] += [n for n in names if n.casefold() not in low]
    return dataclasses.replace(base, layers=layers)


class ImportDialog(QDialog):
    """Imports a DXF or DWG with a progress bar, then shows units, the layer map and the report."""

    finished_import = Signal()  # an import ended (result or error)

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.result_value: LoadedPlan | None = None
        self.error: str | None = None
        self.busy = False
        self._gen = 0
        self.runner = ImportRunner(self._finished, self)
        self.runner.progress.connect(self._progress)
        self.setWindowTitle(t("导入 DXF", "Import DXF") + f" — {self.path.name}")
        self.resize(820, 760)
        self.file_label = QLabel(str(self.path))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.step = QLabel()
        self.units = QComboBox()
        self.units.addItem(t("自动判断", "automatic"), "")
        for u in UNIT_CHOICES[1:]:
            self.units.addItem(u, u)
        self.units_reason = QLabel()
        self.units_reason.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([t("图层", "Layer"), t("图元", "Entities"), t("识别为", "Recognised"), t("用途", "Role")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setMinimumHeight(320)  # a real drawing has dozens of layers
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.reimport = QPushButton(t("按新设置重新导入", "Import again with these settings"))
        self.reimport.clicked.connect(self.start)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("打开此平面", "Open this plan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("取消", "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(t("单位:", "Units:")))
        top.addWidget(self.units)
        top.addWidget(self.units_reason, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.file_label)
        lay.addWidget(self.bar)
        lay.addWidget(self.step)
        lay.addLayout(top)
        lay.addWidget(self.table, 5)
        lay.addWidget(self.text, 2)
        lay.addWidget(self.reimport)
        lay.addWidget(self.buttons)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy and self.result_value is not None)
        self.reimport.setEnabled(not busy)
        self.table.setEnabled(not busy)
        self.units.setEnabled(not busy)

    def overrides(self) -> dict[str, str]:
        out = {}
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 3)
            item = self.table.item(row, 0)
            if isinstance(combo, QComboBox) and item is not None and combo.property("initial") != combo.currentData():
                out[item.text()] = combo.currentData()
        return out

    def start(self) -> None:
        self._set_busy(True)
        self.bar.setValue(0)
        overrides, units = self.overrides(), self.units.currentData() or None
        path = self.path
        layers = layer_map_with(overrides) if overrides else None
        self._gen += 1
        report = self.runner.report
        self.runner.run_in_background(self._gen, lambda: import_drawing(path, layers=layers, progress=report, units=units),
                                      "hallplan-import")

    def wait(self) -> None:
        """Block (processing events) until the running import has ended; for tests and scripts."""
        if not self.busy:
            return
        loop = QEventLoop()
        self.finished_import.connect(loop.quit)
        if self.busy:
            loop.exec()
        self.finished_import.disconnect(loop.quit)

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        self.step.setText(_one_language(message))

    def _finished(self, gen: int, result: Any, seconds: float) -> None:
        if gen != self._gen:  # an earlier import, superseded by "import again"
            return
        if isinstance(result, BaseException):
            self._failed(failure_text(result))
        else:
            self._done(result)
        self.finished_import.emit()

    def _failed(self, msg: str) -> None:
        self.error = msg
        self.step.setText(msg)
        self.text.setPlainText(msg)
        self._set_busy(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.result_value is not None)
        QMessageBox.warning(self, t("导入失败", "Import failed"), msg)

    def _done(self, value: LoadedPlan) -> None:
        self.result_value = value
        self.error = None
        self.bar.setValue(1000)
        plan = value.plan
        lang = ui_language()
        if value.imported is not None:
            rep = value.imported.report
            self.text.setPlainText("\n".join(rep.lines(lang)))
            u = rep.units
            self.units_reason.setText(f"{u.name}: {u.reason_en if lang == 'en' else u.reason_zh}")
            self._fill_layers(rep)
        n = len(plan.objects) - (plan.hall is not None) - (plan.building is not None)  # besides the hall and the building
        self.step.setText(t(f"完成:{n} 个对象,大厅{'已' if plan.hall is not None else '未'}识别",
                            f"done: {n} objects, hall {'found' if plan.hall is not None else 'not found'}"))
        self._set_busy(False)

    def _fill_layers(self, rep: Any) -> None:
        from geometry.dxf.layermap import LAYER_ROLES
        from geometry.dxf.report import ROLE_NAMES

        i = 1 if ui_language() == "en" else 0
        layers = sorted(rep.layers.values(), key=lambda lr: lr.layer.casefold())
        self.table.setRowCount(len(layers))
        for row, lr in enumerate(layers):
            self.table.setItem(row, 0, QTableWidgetItem(lr.layer))
            self.table.setItem(row, 1, QTableWidgetItem(str(sum(lr.entities.values()))))
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(f"{ROLE_NAMES.get(k, (k, k))[i]} {v}" for k, v in lr.recognised.items())))
            combo = QComboBox()
            combo.addItem(t("(底图)", "(underlay)"), None)
            for role in LAYER_ROLES:
                combo.addItem(ROLE_NAMES.get(role, (role, role))[i], role)
            combo.setCurrentIndex(max(0, combo.findData(lr.role)))
            combo.setProperty("initial", lr.role)
            self.table.setCellWidget(row, 3, combo)


def _one_language(msg: str) -> str:
    """The importer's progress steps read "打开文件 / opening file": the half in the UI language."""
    if " / " not in msg:
        return msg
    zh, en = msg.split(" / ", 1)
    return en if ui_language() == "en" else zh
