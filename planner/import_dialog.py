"""Opening files off the GUI thread, and the DXF import dialog (layer map, units, progress).

The first import goes through ``planner.loading.load_any`` with the default layer map; the
user may then reassign layers or force the units and import again.
"""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from geometry.i18n import HallPlanError
from planner.i18n_ui import t, ui_language
from planner.loading import load_any
from planner.worker import background_work, install_gc_pacer

UNIT_CHOICES = ("", "mm", "cm", "m", "in", "ft")


class LoadWorker(QThread):
    """Runs a loading function on a worker thread; progress and result come back as signals."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[Callable[[float, str], None]], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        install_gc_pacer()
        self.fn = fn

    def run(self) -> None:
        try:
            with background_work():
                result = self.fn(lambda f, m: self.progress.emit(float(f), str(m)))
        except HallPlanError as exc:
            self.failed.emit(exc.text(ui_language()))
        except MemoryError:
            self.failed.emit(t("内存不足,文件过大", "out of memory: the file is too large"))
        except Exception as exc:  # never a traceback for the user: one line, the details on stderr
            traceback.print_exc()
            self.failed.emit(t("内部错误:", "internal error: ") + f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)


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
    """Imports a DXF with a progress bar, then shows units, the layer map and the report."""

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.result_value: tuple[Any, Any] | None = None
        self.error: str | None = None
        self.worker: LoadWorker | None = None
        self.setWindowTitle(t("导入 DXF", "Import DXF") + f" — {self.path.name}")
        self.resize(760, 560)
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
        lay.addWidget(self.table, 3)
        lay.addWidget(self.text, 2)
        lay.addWidget(self.reimport)
        lay.addWidget(self.buttons)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
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
        path = str(self.path)
        if not overrides and not units:
            fn = lambda progress: load_any(path, progress=progress)  # noqa: E731
        else:
            def fn(progress: Callable[[float, str], None]) -> Any:
                from geometry.dxf import import_dxf

                res = import_dxf(path, layer_map=layer_map_with(overrides) if overrides else None, progress=progress, units=units)
                return res.plan, res
        self.worker = LoadWorker(fn, self)
        self.worker.progress.connect(lambda f, m: (self.bar.setValue(int(f * 1000)), self.step.setText(m)))
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _failed(self, msg: str) -> None:
        self.error = msg
        self.step.setText(msg)
        self.text.setPlainText(msg)
        self._set_busy(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.result_value is not None)
        QMessageBox.warning(self, t("导入失败", "Import failed"), msg)

    def _done(self, value: tuple[Any, Any]) -> None:
        self.result_value = value
        self.error = None
        self.bar.setValue(1000)
        plan, res = value
        rep = getattr(res, "report", None)
        lang = ui_language()
        if rep is not None:
            self.text.setPlainText("\n".join(rep.lines(lang)))
            u = rep.units
            self.units_reason.setText(f"{u.name}: {u.reason_en if lang == 'en' else u.reason_zh}")
            self._fill_layers(rep)
        self.step.setText(t(f"完成:{len(plan.objects)} 个对象,大厅{'已' if plan.hall is not None else '未'}识别",
                            f"done: {len(plan.objects)} objects, hall {'found' if plan.hall is not None else 'not found'}"))
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
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(f"{k} {v}" for k, v in lr.recognised.items())))
            combo = QComboBox()
            combo.addItem(t("(底图)", "(underlay)"), None)
            for role in LAYER_ROLES:
                combo.addItem(ROLE_NAMES.get(role, (role, role))[i], role)
            combo.setCurrentIndex(max(0, combo.findData(lr.role)))
            combo.setProperty("initial", lr.role)
            self.table.setCellWidget(row, 3, combo)
