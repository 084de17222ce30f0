"""Start the desktop editor: ``run_app(files, lang) -> exit code``."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Sequence, cast

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from planner.editor.window import MainWindow

ORG, APP = "HallPlan", "HallPlan"


def make_app() -> QApplication:
    """The QApplication (created once) with the organisation names QSettings needs."""
    from PySide6.QtWidgets import QApplication

    from planner.editor.qtcompat import guard_none_refcount

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    guard_none_refcount()
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    return cast(QApplication, app)


def create_window(files: Sequence[str] = (), lang: str | None = None, recover: bool = True) -> MainWindow:
    """Build the main window, offer crash recovery, open ``files`` (the first one; the rest are listed)."""
    from planner.editor.i18n_ui import saved_language
    from planner.editor.window import MainWindow

    make_app()
    w = MainWindow(lang or saved_language() or "zh")
    restored = w.files.offer_recovery() if recover else False
    if files and not restored:
        w.files.open_path(files[0], confirm=False)
        for extra in files[1:]:
            from planner.editor import files as recent

            recent.add_recent(extra)
    return w


def install_error_handler(window: MainWindow) -> None:
    """An unexpected error in the editor: save the work to the recovery file, say so in one line,
    keep running (the details go to stderr)."""
    import traceback

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        traceback.print_exception(exc_type, exc, tb if isinstance(tb, TracebackType) else None)
        from PySide6.QtWidgets import QMessageBox

        from planner.editor.i18n_ui import t

        saved = None
        try:
            saved = window.files.autosave_now()
        except Exception:  # the report matters more than the autosave here
            pass
        note = t(f"\n你的平面已保存到恢复文件 {saved}", f"\nYour plan was saved to the recovery file {saved}") if saved else ""
        QMessageBox.critical(window, t("内部错误", "Internal error"),
                             t("HallPlan 出现内部错误:", "HallPlan hit an internal error: ") + f"{exc_type.__name__}: {exc}" + note)

    sys.excepthook = hook


def run_app(files: list[str], lang: str | None = None) -> int:
    """Open the editor window on ``files`` and run until it closes."""
    app = make_app()
    w = create_window(files, lang)
    w.restore_layout()
    install_error_handler(w)
    w.show()
    w.view.fit()
    _smoke_exit(app, w)
    return int(app.exec())


def _smoke_exit(app: QApplication, window: MainWindow) -> None:
    """``HALLPLAN_SMOKE_EXIT_MS=N``: say that the editor is up, then quit after N ms (the bundle's smoke
    test in scripts/build_bundle.py, where no test harness can reach into the frozen program)."""
    import os

    ms = os.environ.get("HALLPLAN_SMOKE_EXIT_MS", "")
    if not ms.isdigit():
        return
    from PySide6.QtCore import QTimer

    def done() -> None:
        doc = window.doc
        print(f"editor started: {window.windowTitle()} ({len(doc.plan.objects)} objects)", flush=True)
        app.quit()

    QTimer.singleShot(int(ms), done)


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
