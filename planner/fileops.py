"""Opening, importing, saving, exporting, autosave and recovery for the main window."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLineEdit, QMessageBox,
                               QSpinBox)

from geometry.i18n import HallPlanError
from geometry.model import Plan
from geometry.project import SUFFIX, save_plan
from planner import files
from planner.file_dialogs import get_open_file_name, get_save_file_name
from planner.i18n_ui import t, ui_language
from planner.loading import DRAWING_SUFFIXES, load_any


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


class FileOpsMixin:
    # --- prompts ---------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when the current plan may be replaced (saved, discarded, or unmodified)."""
        w: Any = self
        if not w.doc.modified:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, t("未保存的修改", "Unsaved changes"),
                          t(f"“{w.doc.display_name()}”有未保存的修改。要保存吗?", f"'{w.doc.display_name()}' has unsaved changes. Save them?"),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, w)
        box.setObjectName("unsaved_prompt")
        choice = box.exec()
        if choice == QMessageBox.StandardButton.Save:
            return bool(w.save())
        return choice == QMessageBox.StandardButton.Discard

    def error_box(self, title: str, exc: BaseException | str) -> None:
        msg = exc.text(ui_language()) if isinstance(exc, HallPlanError) else str(exc)
        QMessageBox.warning(self, title, msg)  # type: ignore[arg-type]

    # --- opening -------------------------------------------------------------------------------
    def new_plan(self) -> None:
        w: Any = self
        if w.confirm_discard():
            w.doc.reset(Plan())

    def open_dialog(self) -> None:
        w: Any = self
        if not w.confirm_discard():
            return
        path, _ = get_open_file_name(w, t("打开", "Open"), "",
                                              t("平面 (*.hallplan *.dxf *.dwg);;HallPlan 项目 (*.hallplan);;DXF/DWG 图纸 (*.dxf *.dwg)",
                                                "Plans (*.hallplan *.dxf *.dwg);;HallPlan projects (*.hallplan);;DXF/DWG drawings (*.dxf *.dwg)"))
        if path:
            w.open_path(path, confirm=False)

    def import_dialog(self) -> None:
        w: Any = self
        if not w.confirm_discard():
            return
        path, _ = get_open_file_name(w, t("导入 DXF/DWG", "Import DXF/DWG"), "",
                                              t("DXF/DWG 图纸 (*.dxf *.dwg)", "DXF/DWG drawings (*.dxf *.dwg)"))
        if path:
            w.open_path(path, confirm=False)

    def open_path(self, path: str | Path, confirm: bool = True, interactive: bool = True) -> bool:
        """Open a project or import a DXF/DWG (through the import dialog).  False when nothing was opened."""
        w: Any = self
        if confirm and not w.confirm_discard():
            return False
        p = Path(path)
        if p.suffix.lower() in DRAWING_SUFFIXES:
            return bool(w.import_path(p, interactive))
        try:
            loaded = load_any(p)
            plan, res = loaded.plan, loaded.drawing
        except (HallPlanError, OSError) as exc:
            w.error_box(t("无法打开", "Cannot open"), exc)
            return False
        from geometry.drawing_file import Drawing

        drawing, problem = (res, "") if isinstance(res, Drawing) else self._kept_drawing(p)
        if drawing is None:
            w.doc.reset(plan, path=p.resolve() if p.suffix.lower() == SUFFIX else None)
        else:
            w.doc.reset(plan, path=p.resolve(), underlay=drawing.layers, underlay_texts=drawing.texts,
                        hidden_layers=drawing.hidden, source=Path(drawing.source) if drawing.source else None,
                        source_sha256=drawing.sha256)
            w.doc.drawing_saved = (p.resolve(), tuple(sorted(drawing.hidden, key=str.casefold)))
        files.add_recent(p)
        w.view.fit()
        if problem:
            print(f"hallplan: {problem}", file=sys.stderr)
            w.statusBar().showMessage(problem, 15000)
        if drawing is not None:
            self._offer_reimport(drawing, p, interactive)
        return True

    def _kept_drawing(self, p: Path) -> tuple[Any, str]:
        """(the drawing kept beside project ``p`` or None, a one-line problem to show)."""
        if p.suffix.lower() != SUFFIX:
            return None, ""
        from geometry.drawing_file import load_drawing

        try:
            return load_drawing(p), ""
        except HallPlanError as exc:
            return None, exc.text(ui_language())

    def _offer_reimport(self, drawing: Any, project: Path, interactive: bool) -> bool:
        """When the drawing's source file changed since, offer to read it again (the plan stays)."""
        from geometry.drawing_file import source_changed

        w: Any = self
        src = source_changed(drawing, project)
        if src is None:
            return False
        msg = t(f"底图来源“{src.name}”在保存后已修改。要重新导入底图吗?(平面对象保持不变)",
                f"The drawing's source '{src.name}' has changed since it was saved. Import the drawing again? (the plan objects stay)")
        w.statusBar().showMessage(msg, 15000)
        if not interactive:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, t("底图已修改", "Drawing changed"), msg,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, w)
        box.setObjectName("reimport_prompt")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        return bool(w.reimport_drawing(src))

    def reimport_drawing(self, src: Path) -> bool:
        """Read the drawing of ``src`` again as the underlay; the plan and its history stay."""
        from geometry.drawing_file import file_sha256

        w: Any = self
        try:
            res = load_any(src).imported
        except (HallPlanError, OSError) as exc:
            w.error_box(t("无法导入", "Cannot import"), exc)
            return False
        doc = w.doc
        doc.underlay = list(getattr(res, "underlay", None) or ())
        doc.underlay_texts = list(getattr(res, "underlay_texts", None) or ())
        doc.hidden_layers = tuple(w.scene.hidden_layers()) + tuple(getattr(res, "hidden_layers", None) or ())
        doc.source, doc.source_sha256, doc.drawing_saved = src.resolve(), file_sha256(src), None
        doc.underlayChanged.emit()
        doc.stack.resetClean()  # the new drawing is not saved yet
        doc.fileChanged.emit()
        w.statusBar().showMessage(t(f"已重新导入底图 {src.name}", f"drawing imported again from {src.name}"), 8000)
        return True

    def import_path(self, p: Path, interactive: bool = True) -> bool:
        from planner.import_dialog import ImportDialog

        w: Any = self
        dlg = ImportDialog(p, w)
        dlg.setObjectName("import_dialog")
        w.import_dlg = dlg
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
        w.doc.reset(loaded.plan, path=None, underlay=loaded.underlay or (), import_result=loaded.imported,
                    source=p.resolve(), modified=True, source_sha256=sha,
                    hidden_layers=loaded.imported.hidden_layers if loaded.imported is not None else ())
        files.add_recent(p)
        w.view.fit()
        return True

    def fill_recent_menu(self) -> None:
        w: Any = self
        menu = w.menus["recent"]
        menu.clear()
        items = files.recent_files()
        if not items:
            menu.addAction(t("(无)", "(none)")).setEnabled(False)
        from planner.paths import menu_label

        for path in items:
            act = menu.addAction(menu_label(path))
            act.setToolTip(path)
            act.triggered.connect(lambda _c=False, p=path: w.open_path(p))

    # --- saving --------------------------------------------------------------------------------
    def save(self) -> bool:
        w: Any = self
        if w.doc.path is None:
            return bool(w.save_as())
        return bool(w.save_to(w.doc.path))

    def save_as(self) -> bool:
        w: Any = self
        start = str(w.doc.path or (w.doc.source.with_suffix(SUFFIX) if w.doc.source else Path.home() / f"plan{SUFFIX}"))
        path, _ = get_save_file_name(w, t("另存为", "Save as"), start, t("HallPlan 项目 (*.hallplan)", "HallPlan projects (*.hallplan)"))
        if not path:
            return False
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        return bool(w.save_to(Path(path)))

    def save_to(self, path: Path) -> bool:
        w: Any = self
        try:
            save_plan(w.doc.plan, path)  # atomic: a failed save leaves the old file as it was
            self._save_drawing(Path(path))
        except (HallPlanError, OSError) as exc:
            w.error_box(t("保存失败", "Save failed"), exc)
            return False
        except Exception as exc:  # never raise to the user: say it, keep the work (the old file is untouched)
            w.error_box(t("保存失败", "Save failed"), t(f"保存失败,原文件未改动({type(exc).__name__}: {exc})",
                                                        f"save failed, the old file is untouched ({type(exc).__name__}: {exc})"))
            return False
        w.doc.mark_saved(Path(path).resolve())
        files.add_recent(path)
        w.clear_autosave()
        w.statusBar().showMessage(t(f"已保存 {path}", f"saved {path}"), 5000)
        return True

    def _save_drawing(self, path: Path) -> None:
        """Keep the background drawing beside the project (rewritten only when it or the hidden
        layers changed); a plan without a drawing removes a drawing left there by another plan."""
        from geometry.drawing_file import drawing_path, save_drawing

        w: Any = self
        doc = w.doc
        target = path.resolve()
        if not doc.underlay:
            old = drawing_path(target)
            if old.is_file() and doc.path != target:
                old.unlink()
            return
        hidden = tuple(w.scene.hidden_layers())
        if doc.drawing_saved == (target, hidden) and drawing_path(target).is_file():
            return
        save_drawing(target, doc.underlay, doc.underlay_texts, hidden=hidden, source=doc.source, sha256=doc.source_sha256)
        doc.drawing_saved = (target, hidden)

    def update_title(self) -> None:
        w: Any = self
        star = "*" if w.doc.modified else ""
        w.setWindowTitle(f"{w.doc.display_name()}{star} — HallPlan " + t("政务服务大厅规划", "service hall planner"))

    # --- autosave and recovery ------------------------------------------------------------------
    def autosave_now(self) -> Path | None:
        w: Any = self
        if not w.doc.modified:
            return None
        try:
            return files.autosave(w.doc.plan, str(w.doc.path) if w.doc.path else None)
        except Exception as exc:  # a timer must never raise: the status bar says it, the next tick tries again
            text = exc.text(ui_language()) if isinstance(exc, HallPlanError) else f"{type(exc).__name__}: {exc}"
            w.statusBar().showMessage(t("自动保存失败:", "autosave failed: ") + text, 8000)
            return None

    def clear_autosave(self) -> None:
        files.clear_autosave()

    def offer_recovery(self) -> bool:
        """Ask about autosaves left by a crashed editor; True when one was restored."""
        w: Any = self
        try:
            pending = files.pending_recoveries()
        except OSError as exc:  # the recovery folder itself is unusable: start anyway
            w.statusBar().showMessage(t("无法读取恢复文件夹:", "cannot read the recovery folder: ") + str(exc), 15000)
            return False
        for rec in pending:
            note = ""
            if rec.problem is not None:
                msg = t(*rec.problem)
                print(f"hallplan: {msg}", file=sys.stderr)
                w.statusBar().showMessage(msg, 15000)
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
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, w)
            box.setObjectName("recovery_prompt")
            if box.exec() == QMessageBox.StandardButton.Yes:
                try:
                    plan = files.take_recovery(rec)
                except HallPlanError as exc:
                    w.error_box(t("恢复失败", "Recovery failed"), exc)
                    continue
                w.doc.reset(plan, path=Path(rec.original) if rec.original else None, modified=True)
                w.view.fit()
                return True
            files.discard_recovery(rec)
        return False

    # --- exports -----------------------------------------------------------------------------------
    def update_export_actions(self) -> None:
        w: Any = self
        for name, ok, mod in (("export_dxf", dxf_export_available(), "geometry.dxf.export_dxf"),
                              ("export_pdf", pdf_export_available(), "planner.report.write_pdf"),
                              ("export_xlsx", office_export_available(), "openpyxl"),
                              ("export_docx", office_export_available(), "python-docx")):
            act = w.acts[name]
            act.setEnabled(ok)
            act.setToolTip("" if ok else t(f"此版本缺少 {mod},无法导出", f"{mod} is not available in this version"))
            if not ok:
                act.setText(act.text() + t("(不可用)", " (not available)"))

    def _export_target(self, suffix: str, title: str, filt: str) -> Path | None:
        w: Any = self
        base = w.doc.path or w.doc.source or Path.home() / "plan"
        path, _ = get_save_file_name(w, title, str(Path(base).with_suffix(suffix)), filt)
        if not path:
            return None
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    def export_dxf(self, path: Path | None = None) -> bool:
        """File → Export DXF: the plan, the drawing as shown and the numbered findings (HP-FINDINGS)."""
        w: Any = self

        def write(report: Any, target: Path) -> None:
            from geometry.dxf import export_dxf
            from standards.callouts import number_findings

            export_dxf(w.doc.plan, target, number_findings(report.findings), underlay=w._printed_underlay())

        return self._export_report(path, ".dxf", t("导出 DXF", "Export DXF"), "DXF (*.dxf)", write)

    def export_pdf(self, path: Path | None = None) -> bool:
        """File → Export approval PDF, on the paper and scale chosen in the editor."""
        w: Any = self

        def write(report: Any, target: Path) -> None:
            from planner.report import write_pdf

            write_pdf(report, target, lang=ui_language(), underlay=w._printed_underlay(), source=w.doc.path or w.doc.source,
                      paper=w.pdf_paper, scale=w.pdf_scale)

        return self._export_report(path, ".pdf", t("导出审批 PDF", "Export approval PDF"), "PDF (*.pdf)", write)

    def _printed_underlay(self) -> Any:
        """The drawing as the exports print it: the layers shown on the canvas, with their texts."""
        w: Any = self
        if not w.doc.underlay:
            return None
        from geometry.drawing_file import TextedUnderlay

        hidden = set(w.scene.hidden_layers())
        return TextedUnderlay(((n, g) for n, g in w.doc.underlay if n not in hidden),
                              (tx for tx in w.doc.underlay_texts if tx.layer not in hidden))

    def export_xlsx(self, path: Path | None = None) -> bool:
        """File → Export Excel compliance table (planner.export.write_xlsx)."""
        def write(report: Any, target: Path) -> None:
            from planner.export import write_xlsx

            write_xlsx(report, target, lang=ui_language())

        return self._export_report(path, ".xlsx", t("导出 Excel 合规表", "Export Excel compliance table"), "Excel (*.xlsx)", write)

    def export_docx(self, path: Path | None = None) -> bool:
        """File → Export review opinion (planner.export.write_docx), with the plan as a picture."""
        w: Any = self

        def write(report: Any, target: Path) -> None:
            from planner.export import write_docx

            write_docx(report, target, lang=ui_language(), underlay=w._printed_underlay())

        return self._export_report(path, ".docx", t("导出审查意见书", "Export review opinion"), "Word (*.docx)", write)

    def _export_report(self, path: Path | None, suffix: str, title: str, filt: str, write: Any) -> bool:
        w: Any = self
        path = path or w._export_target(suffix, title, filt)
        if path is None:
            return False
        try:
            write(w.checker.check_now(w.doc.plan), path)
        except (HallPlanError, OSError, ImportError) as exc:
            w.error_box(t("导出失败", "Export failed"), exc)
            return False
        w.statusBar().showMessage(t(f"已导出 {path}", f"exported {path}"), 5000)
        return True

    # --- preferences ---------------------------------------------------------------------------------
    def edit_prefs(self) -> None:
        w: Any = self
        p = w.prefs
        dlg = QDialog(w)
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
        w.view.snap.grid_step = p.grid_step_m
        w.autosave_timer.setInterval(p.autosave_s * 1000)
        w.update_snap_label()
