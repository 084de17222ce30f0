"""Language of the editor: Simplified Chinese by default, English selectable.

Every widget sets its texts in a ``retranslate()`` method through :func:`t`; switching the
language calls them all again, so the whole UI follows.  The choice is kept in QSettings.
Qt-free apart from the settings helpers at the bottom.

>>> set_ui_language("en"); t("文件", "File")
'File'
>>> set_ui_language("zh"); t("文件", "File")
'文件'
"""

from __future__ import annotations

from geometry.i18n import set_language

LANGS = ("zh", "en")
_lang = "zh"


def set_ui_language(lang: str) -> None:
    """Switch the editor's language (and the language of messages raised below the UI)."""
    global _lang
    if lang not in LANGS:
        raise ValueError(f"language must be zh or en, not {lang!r}")
    _lang = lang
    set_language(lang)


def ui_language() -> str:
    return _lang


def t(zh: str, en: str) -> str:
    """The text for the current language."""
    return en if _lang == "en" else zh


def pair(names: tuple[str, str]) -> str:
    """Pick from a (zh, en) pair such as the model's ZONE_KINDS values."""
    return names[1] if _lang == "en" else names[0]


_qt_translator: object | None = None


def install_qt_translations(lang: str) -> bool:
    """Qt's own strings (standard buttons, file dialogs) in Chinese when the UI is Chinese."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)  # type: ignore[arg-type]
        _qt_translator = None
    if lang != "zh":
        return True
    tr = QTranslator(app)
    if tr.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(tr)
        _qt_translator = tr
        return True
    return False


def saved_language() -> str | None:
    from PySide6.QtCore import QSettings

    v = QSettings().value("ui/language")
    return str(v) if v in LANGS else None


def save_language(lang: str) -> None:
    from PySide6.QtCore import QSettings

    QSettings().setValue("ui/language", lang)
