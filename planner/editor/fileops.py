"""Opening, importing, saving, exporting, autosave and recovery: the editor's file controller.

:class:`FileOps` is owned by the main window and typed against what it works on: the document,
the view (and its scene), the check runner and the drawing defaults; the window is only the parent
of its dialogs and the owner of the status bar.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLineEdit, QMainWindow,
                               QMessageBox, QSpinBox)

from geometry.i18n import HallPlanError
from geometry.model import Plan
from geometry.project import SUFFIX, save_plan
from geometry.project_repair import RepairableProjectError, salvage_file
from planner.editor import files
from planner.editor.file_dialogs import get_open_file_name, get_save_file_name
from planner.editor.i18n_ui import t, ui_language
from planner.loading import DRAWING_SUFFIXES, load_any
from planner.editor.pdf_sheet_dialog import load_choice

if TYPE_CHECKING:
    from geometry.drawing_file import Drawing, Underlay
    from planner.editor.checker import CheckRunner
    from planner.editor.document import Document
    from planner.editor.import_dialog import ImportDialog
    from planner.editor.prefs import Prefs
    from planner.editor.view import PlanView
    from standards.engine import Report


def dxf_export_available() -> bool:
    try:
        from geometry.dxf import export_dxf  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_export_available() -> bool:
    try:
        from planner.report import write_pdf  # noqa: F401
    except ImportError:
        return False
    return True


def office_export_available() -> bool:
    try:
        from planner.export import write_docx, write_xlsx  # noqa: F401
    except ImportError:
        return False
    return True


class FileOps(QObject):
    """The File menu's work on one document; ``prefsChanged`` after the drawing defaults were edited."""

    prefsChanged = Signal()

    def __init__(self, window: QMainWindow, doc: Document, view: PlanView, checker: CheckRunner, prefs: Prefs) -> None:
        super().__init__(window)
        self.win = window
        self.doc = doc
        self.view = view
        self.scene = view.plan_scene
        self.checker = checker
        self.prefs = prefs
        self.pdf_paper, self.pdf_scale = load_choice()  # the approval PDF's plan sheet (None: automatic)
        self.import_dlg: ImportDialog | None = None
        self.repaired_from: Path | None = None  # the file a repaired, unsaved plan was read from
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(max(5, prefs.autosave_s) * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()

    def status(self, text: str, ms: int = 0) -> None:
        self.win.statusBar().showMessage(text, ms)

    # --- prompts ---------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when the current plan may be replaced (saved, discarded, or unmodified)."""
        if not self.doc.modified:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, t("未保存的修改", "Unsaved changes"),
                          t(f"“{self.doc.display_name()}”有未保存的修改。要保存吗?", f"'{self.doc.display_name()}' has unsaved changes. Save them?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self.win)
        box.setObjectName("unsaved_prompt")
        choice = box.exec()
        if choice == QMessageBox.StandardButton.Save:
            return bool(self.save())
        return choice == QMessageBox.StandardButton.Discard

    def error_box(self, title: str, exc: BaseException | str) -> None:
        msg = exc.text(ui_language()) if isinstance(exc, HallPlanError) else str(exc)
        QMessageBox.warning(self.win, title, msg)

    # --- opening -------------------------------------------------------------------------------
    def new_plan(self) -> None:
        if self.confirm_discard():
            self.repaired_from = None
            self.doc.reset(Plan())

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = get_open_file_name(self.win, t("打开", "Open"), "",
                                              t("平面 (*.hallplan *.dxf *.dwg);;HallPlan 项目 (*.hallplan);;DXF/DWG 图纸 (*.dxf *.dwg)",
                                                "Plans (*.hallplan *.dxf *.dwg);;HallPlan projects (*.hallplan);;DXF/DWG drawings (*.dxf *.dwg)"))
        if path:
            self.open_path(path, confirm=False)

    def import_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path, _ = get_open_file_name(self.win, t("导入 DXF/DWG", "Import DXF/DWG"), "",
                                              t("DXF/DWG 图纸 (*.dxf *.dwg)", "DXF/DWG drawings (*.dxf *.dwg)"))
        if path:
            self.open_path(path, confirm=False)

    def open_path(self, path: str | Path, confirm: bool = True, interactive: bool = True) -> bool:
        """Open a project or import a DXF/DWG (through the import dialog).  False when nothing was opened."""
        if confirm and not self.confirm_discard():
            return False
        p = Path(path)
        if p.suffix.lower() in DRAWING_SUFFIXES:
            return bool(self.import_path(p, interactive))
        try:
            loaded = load_any(p)
            plan, res = loaded.plan, loaded.drawing
        except RepairableProjectError as exc:
            return self._open_repaired(p, exc, interactive)
        except (HallPlanError, OSError) as exc:
            self.error_box(t("无法打开", "Cannot open"), exc)
            return False
        self.repaired_from = None
        from geometry.drawing_file import Drawing

        drawing, problem = (res, "") if isinstance(res, Drawing) else self._kept_drawing(p)
        if drawing is None:
            self.doc.reset(plan, path=p.resolve() if p.suffix.lower() == SUFFIX else None)
        else:
            self._reset_with(plan, drawing, path=p.resolve())
            self.doc.drawing_saved = (p.resolve(), tuple(sorted(drawing.hidden, key=str.casefold)))
        files.add_recent(p)
        self.view.fit()
        if problem:
            print(f"hallplan: {problem}", file=sys.stderr)
            self.status(problem, 15000)
        if drawing is not None:
            self._offer_reimport(drawing, p, interactive)
        return True

    def _open_repaired(self, p: Path, exc: RepairableProjectError, interactive: bool) -> bool:
        """A project that does not read as it is: say why and what a repair changes; on Yes open the
        repaired plan as a new, unsaved document (the original file is never written)."""
        try:
            plan, notes = salvage_file(p)
        except HallPlanError as again:
            self.error_box(t("无法打开", "Cannot open"), again)
            return False
        lang = ui_language()
        msg = t(f"“{p.name}”无法按原样打开:\n{exc.zh}\n\n修复后可以打开:共 {len(notes)} 处修改(见“详细信息”)。"
                f"原文件不会改动,修复后的平面请另存为新文件。要修复后打开吗?",
                f"'{p.name}' does not open as it is:\n{exc.en}\n\nIt opens after {len(notes)} change(s) (see Details). "
                f"The original file is not changed; save the repaired plan as a new file. Open it repaired?")
        if not interactive:
            self.status(msg.replace("\n", " "), 15000)
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, t("文件需要修复", "The file needs repair"), msg,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.win)
        box.setObjectName("repair_prompt")
        box.setDetailedText("\n".join(f"- {zh if lang != 'en' else en}" for zh, en in notes))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        drawing, _problem = self._kept_drawing(p)
        if drawing is None:
            self.doc.reset(plan, path=None, modified=True)
        else:
            self._reset_with(plan, drawing, path=None, modified=True)
        self.repaired_from = p.resolve()
        self.view.fit()
        self.status(t(f"已修复打开“{p.name}”({len(notes)} 处修改);请另存为新文件",
                      f"'{p.name}' opened repaired ({len(notes)} change(s)); save it as a new file"), 15000)
        return True

    def _reset_with(self, plan: Plan, drawing: Drawing, path: Path | None, modified: bool = False) -> None:
        """The document reset to ``plan`` over the drawing kept beside its project (underlay, texts,
        hidden layers, source and its hash)."""
        self.doc.reset(plan, path=path, modified=modified, underlay=drawing.layers, underlay_texts=drawing.texts,
                       hidden_layers=drawing.hidden, source=Path(drawing.source) if drawing.source else None,
                       source_sha256=drawing.sha256)

    def _kept_drawing(self, p: Path) -> tuple[Drawing | None, str]:
        """(the drawing kept beside project ``p`` or None, a one-line problem to show)."""
        if p.suffix.lower() != SUFFIX:
            return None, ""
        from geometry.drawing_file import load_drawing

        try:
            return load_drawing(p), ""
        except HallPlanError as exc:
            return None, exc.text(ui_language())

    def _offer_reimport(self, drawing: Drawing, project: Path, interactive: bool) -> bool:
        """When the drawing's source file changed since, offer to read it again (the plan stays)."""
        from geometry.drawing_file import source_changed

        src = source_changed(drawing, project)
        if src is None:
            return False
        msg = t(f"底图来源“{src.name}”在保存后已修改。要重新导入底图吗?(平面对象保持不变)",
                f"The drawing's source '{src.name}' has changed since it was saved. Import the drawing again? (the plan objects stay)")
        self.status(msg, 15000)
        if not interactive:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, t("底图已修改", "Drawing changed"), msg,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.win)
        box.setObjectName("reimport_prompt")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        return bool(self.reimport_drawing(src))

    def reimport_drawing(self, src: Path) -> bool:
        """Read the drawing of ``src`` again as the underlay; the plan and its history stay."""
        from geometry.drawing_file import file_sha256

        try:
            res = load_any(src).imported
        except (HallPlanError, OSError) as exc:
            self.error_box(t("无法导入", "Cannot import"), exc)
            return False
        doc = self.doc
        doc.underlay = list(getattr(res, "underlay", None) or ())
        doc.underlay_texts = list(getattr(res, "underlay_texts", None) or ())
        doc.hidden_layers = tuple(self.scene.hidden_layers()) + tuple(getattr(res, "hidden_layers", None) or ())
        doc.source, doc.source_sha256, doc.drawing_saved = src.resolve(), file_sha256(src), None
        doc.underlayChanged.emit()
        doc.stack.resetClean()  # the new drawing is not saved yet
        doc.fileChanged.emit()
        self.status(t(f"已重新导入底图 {src.name}", f"drawing imported again from {src.name}"), 8000)
        return True

    def import_path(self, p: Path, interactive: bool = True) -> bool:
        from planner.editor.import_dialog import ImportDialog

        dlg = ImportDialog(p, self.win)
        dlg.setObjectName("import_dialog")
        self.import_dlg = dlg
        dlg.start()
        if interactive:
            ok = dlg.exec() == QDialog.DialogCode.Accepted
        else:  # tests and scripts: wait for the import, take the default mapping
            dlg.wait()
            ok = dlg.result_value is not None
        loaded = dlg.result_value
        if not ok or loaded is None:
            return False
        from geometry.drawing_file import file_sha256

        try:
            sha = file_sha256(p)
        except OSError:
            sha = None
        self.doc.reset(loaded.plan, path=None, underlay=loaded.underlay or (), import_result=loaded.imported,
                    source=p.resolve(), modified=True, source_sha256=sha,
                    hidden_layers=loaded.imported.hidden_layers if loaded.imported is not None else ())
        files.add_recent(p)
        self.view.fit()
        return True

    # --- saving --------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.doc.path is None:
            return bool(self.save_as())
        return bool(self.save_to(self.doc.path))

    def save_as(self) -> bool:
        repaired = self.repaired_from if self.doc.path is None else None  # beside the original, never over it
        start = str(self.doc.path or (repaired.with_name(repaired.stem + t("-修复", "-repaired") + SUFFIX) if repaired else None)
                    or (self.doc.source.with_suffix(SUFFIX) if self.doc.source else Path.home() / f"plan{SUFFIX}"))
        path, _ = get_save_file_name(self.win, t("另存为", "Save as"), start, t("HallPlan 项目 (*.hallplan)", "HallPlan projects (*.hallplan)"))
        if not path:
            return False
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        return bool(self.save_to(Path(path)))

    def save_to(self, path: Path) -> bool:
        try:
            save_plan(self.doc.plan, path)  # atomic: a failed save leaves the old file as it was
            self._save_drawing(Path(path))
        except (HallPlanError, OSError) as exc:
            self.error_box(t("保存失败", "Save failed"), exc)
            return False
        except Exception as exc:  # never raise to the user: say it, keep the work (the old file is untouched)
            self.error_box(t("保存失败", "Save failed"), t(f"保存失败,原文件未改动({type(exc).__name__}: {exc})",
                                                        f"save failed, the old file is untouched ({type(exc).__name__}: {exc})"))
            return False
        self.doc.mark_saved(Path(path).resolve())
        files.add_recent(path)
        self.clear_autosave()
        self.status(t(f"已保存 {path}", f"saved {path}"), 5000)
        return True

    def _save_drawing(self, path: Path) -> None:
        """Keep the background drawing beside the project (rewritten only when it or the hidden
        layers changed); a plan without a drawing removes a drawing left there by another plan."""
        from geometry.drawing_file import drawing_path, save_drawing

        doc = self.doc
        target = path.resolve()
        if not doc.underlay:
            old = drawing_path(target)
            if old.is_file() and doc.path != target:
                old.unlink()
            return
        hidden = tuple(self.scene.hidden_layers())
        if doc.drawing_saved == (target, hidden) and drawing_path(target).is_file():
            return
        save_drawing(target, doc.underlay, doc.underlay_texts, hidden=hidden, source=doc.source, sha256=doc.source_sha256)
        doc.drawing_saved = (target, hidden)

    # --- autosave and recovery ------------------------------------------------------------------
    def autosave_now(self) -> Path | None:
        if not self.doc.modified:
            return None
        try:
            return files.autosave(self.doc.plan, str(self.doc.path) if self.doc.path else None)
        except Exception as exc:  # a timer must never raise: the status bar says it, the next tick tries again
            text = exc.text(ui_language()) if isinstance(exc, HallPlanError) else f"{type(exc).__name__}: {exc}"
            self.status(t("自动保存失败:", "autosave failed: ") + text, 8000)
            return None

    def clear_autosave(self) -> None:
        files.clear_autosave()

    def offer_recovery(self) -> bool:
        """Ask about autosaves left by a crashed editor; True when one was restored."""
        try:
            pending = files.pending_recoveries()
        except OSError as exc:  # the recovery folder itself is unusable: start anyway
            self.status(t("无法读取恢复文件夹:", "cannot read the recovery folder: ") + str(exc), 15000)
            return False
        for rec in pending:
            note = ""
            if rec.problem is not None:
                msg = t(*rec.problem)
                print(f"hallplan: {msg}", file=sys.stderr)
                self.status(msg, 15000)
                note = "\n" + msg
                if not rec.plan_file.is_file():
                    continue
            try:
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(rec.saved_at))
            except (OverflowError, OSError, ValueError):
                when = "?"
            name = rec.original or t("未命名平面", "an untitled plan")
            box = QMessageBox(QMessageBox.Icon.Question, t("恢复", "Recovery"),
                              t(f"HallPlan 上次没有正常退出。要恢复 {when} 自动保存的“{name}”吗?",
                                f"HallPlan did not exit cleanly. Recover '{name}' as autosaved at {when}?") + note,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.win)
            box.setObjectName("recovery_prompt")
            if box.exec() == QMessageBox.StandardButton.Yes:
                try:
                    plan = files.take_recovery(rec)
                except HallPlanError as exc:
                    self.error_box(t("恢复失败", "Recovery failed"), exc)
                    continue
                self.doc.reset(plan, path=Path(rec.original) if rec.original else None, modified=True)
                self.view.fit()
                return True
            files.discard_recovery(rec)
        return False

    # --- exports -----------------------------------------------------------------------------------
    def _export_target(self, suffix: str, title: str, filt: str) -> Path | None:
        base = self.doc.path or self.doc.source or Path.home() / "plan"
        path, _ = get_save_file_name(self.win, title, str(Path(base).with_suffix(suffix)), filt)
        if not path:
            return None
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    def export_dxf(self, path: Path | None = None) -> bool:
        """File → Export DXF: the plan, the drawing as shown and the numbered findings (HP-FINDINGS)."""

        def write(report: Report, target: Path) -> None:
            from geometry.dxf import export_dxf
            from standards.callouts import number_findings

            export_dxf(self.doc.plan, target, number_findings(report.findings), underlay=self._printed_underlay())

        return self._export_report(path, ".dxf", t("导出 DXF", "Export DXF"), "DXF (*.dxf)", write)

    def export_pdf(self, path: Path | None = None) -> bool:
        """File → Export approval PDF, on the paper and scale chosen in the editor."""

        def write(report: Report, target: Path) -> None:
            from planner.report import write_pdf

            write_pdf(report, target, lang=ui_language(), underlay=self._printed_underlay(), source=self.doc.path or self.doc.source,
                      paper=self.pdf_paper, scale=self.pdf_scale)

        return self._export_report(path, ".pdf", t("导出审批 PDF", "Export approval PDF"), "PDF (*.pdf)", write)

    def _printed_underlay(self) -> Underlay | None:
        """The drawing as the exports print it: the layers shown on the canvas, with their texts."""
        if not self.doc.underlay:
            return None
        from geometry.drawing_file import Underlay

        hidden = set(self.scene.hidden_layers())
        return Underlay.of_pairs(((n, g) for n, g in self.doc.underlay if n not in hidden),
                              (tx for tx in self.doc.underlay_texts if tx.layer not in hidden))

    def export_xlsx(self, path: Path | None = None) -> bool:
        """File → Export Excel compliance table (planner.export.write_xlsx)."""
        def write(report: Report, target: Path) -> None:
            from planner.export import write_xlsx

            write_xlsx(report, target, lang=ui_language())

        return self._export_report(path, ".xlsx", t("导出 Excel 合规表", "Export Excel compliance table"), "Excel (*.xlsx)", write)

    def export_docx(self, path: Path | None = None) -> bool:
        """File → Export review opinion (planner.export.write_docx), with the plan as a picture."""

        def write(report: Report, target: Path) -> None:
            from planner.export import write_docx

            write_docx(report, target, lang=ui_language(), underlay=self._printed_underlay())

        return self._export_report(path, ".docx", t("导出审查意见书", "Export review opinion"), "Word (*.docx)", write)

    def _export_report(self, path: Path | None, suffix: str, title: str, filt: str, write: Callable[[Report, Path], None]) -> bool:
        path = path or self._export_target(suffix, title, filt)
        if path is None:
            return False
        try:
            write(self.checker.check_now(self.doc.plan), path)
        except (HallPlanError, OSError, ImportError) as exc:
            self.error_box(t("导出失败", "Export failed"), exc)
            return False
        self.status(t(f"已导出 {path}", f"exported {path}"), 5000)
        return True

    # --- preferences ---------------------------------------------------------------------------------
    def edit_prefs(self) -> None:
        p = self.prefs
        dlg = QDialog(self.win)
        dlg.setWindowTitle(t("绘图默认值", "Drawing defaults"))
        form = QFormLayout(dlg)
        fields: dict[str, Any] = {}
        for name, zh, en, lo, hi in (("counter_length_m", "服务台长度 (m)", "Counter length (m)", 0.3, 10),
                                     ("counter_depth_m", "服务台进深 (m)", "Counter depth (m)", 0.3, 5),
                                     ("counter_height_m", "台面高度 (m)", "Counter height (m)", 0.3, 2),
                                     ("route_width_m", "通道宽度 (m)", "Route width (m)", 0.5, 10),
                                     ("entrance_width_m", "入口宽度 (m)", "Entrance width (m)", 0.5, 20),
                                     ("grid_step_m", "网格步长 (m)", "Grid step (m)", 0.01, 10)):
            sb = QDoubleSpinBox()
            sb.setDecimals(2)
            sb.setRange(lo, hi)
            sb.setValue(getattr(p, name))
            form.addRow(t(zh, en), sb)
            fields[name] = sb
        colour = QLineEdit(p.counter_color)
        form.addRow(t("服务台颜色", "Counter colour"), colour)
        autosave = QSpinBox()
        autosave.setRange(5, 3600)
        autosave.setValue(p.autosave_s)
        form.addRow(t("自动保存间隔 (s)", "Autosave every (s)"), autosave)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(dlg.accept)
        bb.rejected.connect(dlg.reject)
        form.addRow(bb)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        for name, sb in fields.items():
            setattr(p, name, float(sb.value()))
        p.counter_color = colour.text().strip() or p.counter_color
        p.autosave_s = int(autosave.value())
        p.save()
        self.view.snap.grid_step = p.grid_step_m
        self.autosave_timer.setInterval(p.autosave_s * 1000)
        self.prefsChanged.emit()
