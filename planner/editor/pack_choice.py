"""The project's rule packs, chosen in the editor: the built-in default pair, one pack of
``standards/packs/``, or a pack file of one's own.  The choice is the plan's context (``packs``), so it
is saved with the project, undone like any edit, and the live check, the PDF and the DXF export
all check against it.  A pack that cannot be read is said so here, never replaced by another."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QVBoxLayout, QWidget

from geometry.commands import SetContext
from geometry.i18n import HallPlanError
from planner.editor.document import Document
from planner.editor.i18n_ui import t, ui_language
from standards.packs import DEFAULT_PACKS, PackError, load_pack, shipped_packs

OPEN_FILE = "open-file"  # the combo's last entry: choose a pack file
DEFAULT = "default"  # the built-in pair (the context names none)


def choice_key(packs: tuple[str, ...] | None) -> str:
    """The combo's item data for a pack list (plain text: Qt keeps it as it is)."""
    return DEFAULT if packs is None else "packs:" + "\n".join(packs)


def packs_of_key(key: str) -> tuple[str, ...] | None:
    return None if key == DEFAULT else tuple(key.removeprefix("packs:").split("\n"))


def pack_label(name: str, lang: str) -> str:
    """A pack as the user sees it: its title and edition (its file name when it cannot be read)."""
    try:
        return load_pack(name).label(lang)
    except HallPlanError:
        return Path(name).name


def packs_problem(packs: tuple[str, ...] | None, lang: str) -> str | None:
    """Why the plan's packs cannot be used (None: they load)."""
    for name in packs or DEFAULT_PACKS:
        try:
            load_pack(name)
        except HallPlanError as exc:
            return exc.text(lang)
    return None


class PackChooser(QWidget):
    """A combo listing the pack choices; "open pack file…" asks for a file (``ask_file`` may be replaced)."""

    def __init__(self, doc: Document, ask_file: Callable[[QWidget], str | None] | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.ask_file = ask_file or _ask_pack_file
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setObjectName("ctx_packs")
        # long pack titles never widen the panel (its labels wrap, it never scrolls sideways)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.note = QLabel()
        self.note.setObjectName("packs_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b00020")
        lay.addWidget(self.combo)
        lay.addWidget(self.note)
        self.combo.activated.connect(self._chosen)
        self.refresh()

    def refresh(self) -> None:
        """Show the plan's packs (a choice that is not a listed one gets its own entry)."""
        lang = ui_language()
        current = self.doc.plan.context.packs
        self.combo.blockSignals(True)
        self.combo.clear()
        default = " + ".join(pack_label(n, lang) for n in DEFAULT_PACKS)
        self.combo.addItem(t(f"默认:{default}", f"Default: {default}"), DEFAULT)
        for name in shipped_packs():
            self.combo.addItem(pack_label(name, lang), choice_key((name,)))
        if self.combo.findData(choice_key(current)) < 0:
            self.combo.addItem(" + ".join(pack_label(n, lang) for n in current or ()), choice_key(current))
        self.combo.addItem(t("打开规则包文件…", "Open pack file…"), OPEN_FILE)
        self.combo.setCurrentIndex(max(self.combo.findData(choice_key(current)), 0))
        self.combo.blockSignals(False)
        problem = packs_problem(current, lang)
        self.note.setText(t(f"无法按此规则包检查:{problem}", f"Cannot check against these packs: {problem}") if problem else "")
        self.note.setVisible(problem is not None)

    def _chosen(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == OPEN_FILE:
            path = self.ask_file(self)
            if not path:
                self.refresh()
                return
            self.use_file(path)
            return
        self.set_packs(packs_of_key(str(data)))

    def use_file(self, path: str) -> bool:
        """Check against the pack file ``path``; a file that is not a usable pack is refused with its reason."""
        resolved = str(Path(path).expanduser().resolve())
        try:
            load_pack(resolved)
        except PackError as exc:
            self.refresh()
            self.note.setText(t(f"未采用该规则包:{exc.text('zh')}", f"Pack not used: {exc.text('en')}"))
            self.note.setVisible(True)
            return False
        self.set_packs((resolved,))
        return True

    def set_packs(self, packs: tuple[str, ...] | None) -> None:
        old = self.doc.plan.context
        if old.packs != packs:
            self.doc.push(SetContext(old, dataclasses.replace(old, packs=packs)))
        self.refresh()


def _ask_pack_file(parent: Any) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, t("打开规则包", "Open rule pack"), "",
                                          t("规则包 (*.toml)", "Rule packs (*.toml)"))
    return path or None
