"""File → PDF paper and scale…: the plan sheet's paper size and scale (automatic by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from planner.editor.i18n_ui import t

if TYPE_CHECKING:
    from planner.editor.fileops import FileOps

PAPERS = ("A4", "A3", "A2", "A1", "A0")
SCALES = (50, 100, 150, 200, 250, 300, 500, 1000)


def load_choice() -> tuple[str | None, int | None]:
    s = QSettings()
    paper = s.value("pdf/paper") or None
    scale = s.value("pdf/scale") or None
    return (str(paper) if paper in PAPERS else None, int(scale) if scale and int(scale) in SCALES else None)


class PdfSheetDialog(QDialog):
    def __init__(self, parent: QWidget | None, paper: str | None, scale: int | None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_sheet_dialog")
        self.setWindowTitle(t("PDF 图纸与比例", "PDF paper and scale"))
        form = QFormLayout(self)
        self.paper = QComboBox()
        self.paper.setObjectName("pdf_paper")
        self.paper.addItem(t("自动", "Automatic"), None)
        for p in PAPERS:
            self.paper.addItem(p, p)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)) if paper else 0)
        self.scale = QComboBox()
        self.scale.setObjectName("pdf_scale")
        self.scale.addItem(t("自动", "Automatic"), None)
        for s in SCALES:
            self.scale.addItem(f"1:{s}", s)
        self.scale.setCurrentIndex(max(0, self.scale.findData(scale)) if scale else 0)
        form.addRow(t("图纸", "Paper"), self.paper)
        form.addRow(t("比例", "Scale"), self.scale)
        note = QLabel(t("自动:能放下整个平面的最小图纸(A4 不粗于 1:100,其余不粗于 1:300)。",
                        "Automatic: the smallest sheet holding the whole plan (A4 at 1:100 or finer, others at 1:300 or finer)."))
        note.setWordWrap(True)
        form.addRow(note)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        form.addRow(bb)

    def choice(self) -> tuple[str | None, int | None]:
        return self.paper.currentData(), self.scale.currentData()


def ask_pdf_sheet(w: FileOps) -> bool:
    """Show the dialog; keep the choice in the file controller and remember it.  False when cancelled."""
    dlg = PdfSheetDialog(w.win, w.pdf_paper, w.pdf_scale)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    w.pdf_paper, w.pdf_scale = dlg.choice()
    s = QSettings()
    s.setValue("pdf/paper", w.pdf_paper or "")
    s.setValue("pdf/scale", w.pdf_scale or 0)
    return True
