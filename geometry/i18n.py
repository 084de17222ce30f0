"""Bilingual text for messages raised below the UI.

Messages are carried in both languages; which one ``str()`` shows follows the
process-wide language (Simplified Chinese by default).

>>> set_language("en"); str(HallPlanError("坏文件", "bad file")); set_language("zh")
'bad file'
"""

from __future__ import annotations

_LANG = "zh"


def set_language(lang: str) -> None:
    global _LANG
    if lang not in ("zh", "en"):
        raise ValueError(f"language must be zh or en, not {lang!r}")
    _LANG = lang


def get_language() -> str:
    return _LANG


def pick(zh: str, en: str, lang: str | None = None) -> str:
    """Choose the text for ``lang`` (default: the current language)."""
    return en if (lang or _LANG) == "en" else zh


class HallPlanError(Exception):
    """An error a user can act on: says what is wrong and where, in both languages."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en if en is not None else zh

    def text(self, lang: str | None = None) -> str:
        return pick(self.zh, self.en, lang)

    def __str__(self) -> str:
        return self.text()
