"""Find a text of the drawing (a room name, an axis number) or a plan object's label and zoom to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtWidgets import QLineEdit

from planner.editor.i18n_ui import t

if TYPE_CHECKING:
    from planner.editor.window import MainWindow

FIND_PAD_M = 4.0  # metres shown around the text found


def matches(texts: Sequence[Any], query: str) -> list[Any]:
    """Texts whose words contain ``query`` (spaces and case ignored); exact matches first."""
    want = "".join(query.split()).casefold()
    if not want:
        return []
    hits = [(0 if "".join(tx.text.split()).casefold() == want else 1, i, tx) for i, tx in enumerate(texts)
            if want in "".join(tx.text.split()).casefold()]
    return [tx for _k, _i, tx in sorted(hits, key=lambda h: (h[0], h[1]))]


class FindBox(QLineEdit):
    """The find box (Ctrl+F): Enter zooms to the next match and says which of how many."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.w = window
        self.setObjectName("find_box")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(150)
        self._query = ""
        self._i = -1
        self.returnPressed.connect(self.find_next)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(t("查找图中文字(Ctrl+F)", "Find text in the drawing (Ctrl+F)"))

    def open(self) -> None:
        self.setFocus()
        self.selectAll()

    def find_next(self) -> Any | None:
        w = self.w
        query = self.text()
        found = matches(list(w.doc.underlay_texts), query)
        if query != self._query:
            self._query, self._i = query, -1
        if not found:
            w.statusBar().showMessage(t(f"图中没有文字“{query}”", f"no text '{query}' in the drawing"), 6000)
            return None
        self._i = (self._i + 1) % len(found)
        tx = found[self._i]
        pad = max(FIND_PAD_M, tx.height * 8)
        w.view.fit_rect((tx.x - pad, tx.y - pad, tx.x + pad, tx.y + pad), margin=0.0)
        w.scene.text_lod(w.view.px_per_m())
        w.statusBar().showMessage(t(f"“{tx.text}”:第 {self._i + 1} 处,共 {len(found)} 处(图层 {tx.layer})",
                                    f"'{tx.text}': match {self._i + 1} of {len(found)} (layer {tx.layer})"), 8000)
        return tx
