"""The store's SQLite schema. Bump SCHEMA_VERSION whenever it changes: readers refuse others."""

from __future__ import annotations

SCHEMA_VERSION = 6

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, line INTEGER NOT NULL, title TEXT NOT NULL,
    url TEXT, published TEXT, source TEXT, company TEXT
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
    line INTEGER NOT NULL, paragraph INTEGER NOT NULL, heading INTEGER NOT NULL,
    text TEXT NOT NULL, analysis BLOB
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, sentence_id INTEGER NOT NULL REFERENCES sentences(id),
    company TEXT NOT NULL, confidence REAL NOT NULL, figure TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL, value REAL, unit TEXT,
    metric TEXT, period TEXT, baseline INTEGER NOT NULL,
    clause_start INTEGER NOT NULL, clause_end INTEGER NOT NULL, digest TEXT NOT NULL
);
-- sentences.analysis: the sentence's tokens, stems and figures (facts.analysis), for the
-- sentences with facts and, words only, the one before each; NULL for the others.
-- companies.sentences: the ids of the sentences with the company's facts, as in
-- postings.sentences.
CREATE TABLE companies (
    name TEXT PRIMARY KEY, facts INTEGER NOT NULL, mentions INTEGER NOT NULL,
    sentences BLOB NOT NULL
);
-- cards: the facts a company's card may show, in the card's order (facts.cards), so that a
-- card reads its first rows instead of sorting all the company's facts.
CREATE TABLE cards (
    company TEXT NOT NULL, place INTEGER NOT NULL, fact_id INTEGER NOT NULL,
    PRIMARY KEY (company, place)
) WITHOUT ROWID;
CREATE TABLE aliases (
    key TEXT PRIMARY KEY, company TEXT NOT NULL, surface TEXT NOT NULL,
    case_sensitive INTEGER NOT NULL
);
-- Inverted index: each word stem's document frequency over all sentences, and apart from
-- it (so that word lookups stay small) the ids of the sentences with facts that hold it,
-- as a serialized Roaring bitmap. Candidate lookups read a few of these lists and
-- never scan the corpus.
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE postings (term TEXT PRIMARY KEY, sentences BLOB NOT NULL);
"""

# Built after the rows are in: one sort per index beats updating it row by row.
INDEXES = """
CREATE INDEX sentences_article ON sentences(article_id);
CREATE INDEX facts_company ON facts(company, sentence_id);
CREATE INDEX facts_sentence ON facts(sentence_id);
CREATE INDEX aliases_company ON aliases(company);
"""
