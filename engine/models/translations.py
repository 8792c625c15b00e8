"""Text in other languages: a model's `translations` maps a language code to the fields it
translates, e.g. `{fr: {title: Gouverner, description: ...}}`. Missing text falls back to the
original, so a partial translation still reads."""
from __future__ import annotations

Translations = dict[str, dict[str, str]]


def translated(translations: Translations, lang: str | None, field: str, original: str) -> str:
    if not lang:
        return original
    text = (translations.get(lang) or {}).get(field)
    return text if text else original
