"""Start the desktop editor: ``run_app(files, lang) -> exit code``."""

from __future__ import annotations

import sys
from typing import Sequence

ORG, APP = "HallPlan", "HallPlan"


def make_app() -> "object":
    """The QApplication (created once) with the organisation names QSettings needs."""
    from PySide6.QtWidgets import QApplication

    from planner.qtcompat import guard_none_refcount

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    guard_none_refcount()
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    return app


def create_window(files: Sequence[str] = (), lang: str | None = None, recover: bool = True) -> "object":
    """Build the main window, offer crash recovery, open ``files`` (the first one; the rest are listed)."""
    from planner.i18n_ui import saved_language
    from planner.window import MainWindow

    make_app()
    w = MainWindow(lang or saved_language() or "zh")
    restored = w.offer_recovery() if recover else False
    if files and not restored:
        w.open_path(files[0], confirm=False)
        for extra in files[1:]:
            from planner import files as recent

            recent.add_recent(extra)
    return w


def run_app(files: list[str], lang: str | None = None) -> int:
    """Open the editor window on ``files`` and run until it closes."""
    app = make_app()
    w = create_window(files, lang)
    w.show()  # type: ignore[attr-defined]
    w.view.fit()  # type: ignore[attr-defined]
    return int(app.exec())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
