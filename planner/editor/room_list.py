"""Tag → The hall from the list of rooms: rooms the drawing outlines on an area layer, by name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QVBoxLayout)

from planner.editor.i18n_ui import t

if TYPE_CHECKING:
    from planner.editor.window import MainWindow


class RoomListDialog(QDialog):
    def __init__(self, parent: Any, rooms: list[tuple[str, Any, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("room_list_dialog")
        self.setWindowTitle(t("从房间列表选择服务大厅", "The service hall from the list of rooms"))
        self.resize(420, 480)
        self.rooms = rooms
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(t("图中以闭合轮廓画出并标注名称的房间:", "Rooms the drawing outlines and names:")))
        self.filter = QLineEdit()
        self.filter.setObjectName("room_filter")
        self.filter.setPlaceholderText(t("按名称筛选", "Filter by name"))
        self.filter.textChanged.connect(self._fill)
        lay.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setObjectName("room_list")
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.list, 1)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.button(QDialogButtonBox.StandardButton.Ok).setText(t("设为服务大厅", "Make it the hall"))
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        lay.addWidget(bb)
        self._fill()

    def _fill(self) -> None:
        want = "".join(self.filter.text().split()).casefold()
        self.list.clear()
        for i, (name, poly, layer) in enumerate(self.rooms):
            if want and want not in "".join(name.split()).casefold():
                continue
            item = QListWidgetItem(f"{name}    {poly.area:.1f} m²    ({layer})")
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def select_room(self, index: int) -> None:
        """Make the room at ``index`` of the list given the current row (a click inside it chose it)."""
        for row in range(self.list.count()):
            if int(self.list.item(row).data(Qt.ItemDataRole.UserRole)) == index:
                self.list.setCurrentRow(row)
                return

    def chosen(self) -> tuple[str, Any, str] | None:
        item = self.list.currentItem()
        return None if item is None else self.rooms[int(item.data(Qt.ItemDataRole.UserRole))]


def pick_hall_from_rooms(w: MainWindow, interactive: bool = True, name: str | None = None) -> bool:
    """List the named rooms of the drawing; the one chosen becomes the hall (one undo step)."""
    from geometry.room_pick import closed_rooms
    from geometry.tagging import tag

    # the plan's rooms (read from the area layers, holes cut out) first; else outlines named in the drawing
    rooms = sorted(((r.label + (f"({r.floor})" if r.floor else ""), r.geometry, r.layer) for r in w.doc.plan.rooms if r.label),
                   key=lambda r: r[0])
    if not rooms:
        rooms = closed_rooms(w.doc.underlay, w.doc.underlay_texts, hidden=set(w.scene.hidden_layers()))
    if not rooms:
        msg = t("图中没有以闭合轮廓画出并标注名称的房间;请在房间内点击后用“由墙线围合生成大厅”",
                "the drawing outlines and names no rooms; click inside the room and use 'Make the hall from walls'")
        w.statusBar().showMessage(msg, 10000)
        if interactive:
            QMessageBox.information(w, t("没有房间", "No rooms"), msg)
        return False
    dlg = RoomListDialog(w, rooms)
    if name is not None:
        dlg.filter.setText(name)
    else:  # the room last clicked in is the one offered first
        at = getattr(getattr(w.view, "tool", None), "last_click", None)
        if at is not None:
            from shapely.geometry import Point

            hit = [i for i, (_n, poly, _l) in enumerate(rooms) if poly.contains(Point(at[0], at[1]))]
            if hit:
                dlg.select_room(min(hit, key=lambda i: rooms[i][1].area))
    if interactive and dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    choice = dlg.chosen()
    if choice is None:
        return False
    room_name, poly, _layer = choice
    w.doc.push(tag(w.doc.plan, poly, "hall"))
    hall = w.doc.plan.single("hall")
    w.doc.select([hall.id] if hall is not None else [])
    w.statusBar().showMessage(t(f"服务大厅:“{room_name}”,{poly.area:.1f} m²", f"service hall: '{room_name}', {poly.area:.1f} m²"), 10000)
    return True
