"""The underlay's layers, each switchable (lines and texts of the imported drawing)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from planner.editor.canvas import PlanScene
from planner.editor.i18n_ui import t


class LayersPanel(QWidget):
    def __init__(self, scene: PlanScene) -> None:
        super().__init__()
        self.scene = scene
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("layers")
        self.list.itemChanged.connect(self._toggled)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.note)
        lay.addWidget(self.list, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.note.setText(t("底图图层(导入的 DXF):勾选显示", "Underlay layers (imported DXF): tick to show"))

    def refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        hidden = set(self.scene.hidden_layers())
        for name in self.scene.underlay_layers():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if name in hidden else Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _toggled(self, item: QListWidgetItem) -> None:
        self.scene.set_layer_visible(item.text(), item.checkState() == Qt.CheckState.Checked)
