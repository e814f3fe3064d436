"""Names as people type them when the articles write them otherwise: a Chinese name in
pinyin ('weipinhui' for 唯品会), an ampersand as 'n' or 'and' ('jnt' for J&T).

The build adds these keys to the store's aliases, so that reading a question never loads
the romanization dictionaries (a fifth of a second of a one-off ask)."""

from __future__ import annotations

import re
from collections.abc import Mapping

_CJK = re.compile(r"[\u3400-\u9fff]+")


def spoken_keys(names: Mapping[str, str]) -> dict[str, str]:
    """Compact name key -> company, for keys the names do not have already: a name the
    articles use for one company is never taken over by another's variant."""
    out: dict[str, str] = {}
    cjk = [(k, c) for k, c in names.items() if _CJK.fullmatch(k)]
    if cjk:
        from pypinyin import lazy_pinyin  # its dictionaries load only for Chinese names

        for key, company in cjk:
            out.setdefault("".join(lazy_pinyin(key)), company)
    for key, company in names.items():
        if "&" in key:
            out.setdefault(key.replace("&", "n"), company)
            out.setdefault(key.replace("&", "and"), company)
    return {k: c for k, c in out.items() if k not in names and len(k) >= 3}
