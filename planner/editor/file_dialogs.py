"""File dialogs in the UI language.

PySide6's wheels ship no ``qtbase_zh_CN.qm``, so Qt's own file dialog would stay English in a
Chinese window: these open Qt's dialog (not the platform's) with its labels and buttons set in
the UI language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog

from planner.editor.i18n_ui import t

LABELS = {
    QFileDialog.DialogLabel.LookIn: ("查找范围:", "Look in:"),
    QFileDialog.DialogLabel.FileName: ("文件名:", "File name:"),
    QFileDialog.DialogLabel.FileType: ("文件类型:", "Files of type:"),
    QFileDialog.DialogLabel.Reject: ("取消", "Cancel"),
}


def file_dialog(parent: Any, title: str, start: str, filters: str, save: bool) -> QFileDialog:
    dlg = QFileDialog(parent, title, start, filters)
    dlg.setObjectName("file_dialog")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    for label, (zh, en) in LABELS.items():
        dlg.setLabelText(label, t(zh, en))
    dlg.setLabelText(QFileDialog.DialogLabel.Accept, t("保存", "Save") if save else t("打开", "Open"))
    return dlg


def _ask(parent: Any, title: str, start: str, filters: str, save: bool) -> tuple[str, str]:
    """(chosen path, chosen filter), or ("", "") when cancelled — as QFileDialog's static calls give."""
    dlg = file_dialog(parent, title, start, filters, save=save)
    if not dlg.exec():
        return "", ""
    files = dlg.selectedFiles()
    return (files[0] if files else ""), dlg.selectedNameFilter()


def get_open_file_name(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
    return _ask(parent, title, start, filters, save=False)


def get_save_file_name(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
    return _ask(parent, title, start, filters, save=True)
