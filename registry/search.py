"""Name search: the tokens typed and, on PostgreSQL, the index that answers them fastest.

A page of a name search is the first 50 matches in name order. Two indexes can give them
(`registry.models.names`):
- the GIN index of the name's words finds every match, which the database then reads and sorts:
  the cost grows with the number of matches (about 3 µs each here);
- the btree in name order is walked until the page is full, each entry checked on the index alone:
  the cost grows with the entries passed before 50 matches (about 0.15 µs each), i.e. with
  50 / (the fraction of persons that match).
The two cost the same when the matching fraction is about sqrt(50 × 0.15 / (3 × persons)): 0.5 % of
100,000 persons. PostgreSQL's planner knows each word's frequency but not that of a word's
beginning when its statistics list fewer than 100 words, and it multiplies fractions of words
that go together ("thi" and "ha" in "Thị Hà"), so it picks the wrong index by a factor of ten
for some names (a walk of the whole register for a rare name, 1,700 reads for "thi ha"). The
fraction is therefore estimated here from the same statistics (`pg_stats`, read at most every
ten minutes) and the plan is set on the query (`NameQuery.plan`). Without statistics (a table
never analysed) or on SQLite, the database decides.
"""

import math
import threading
import time
from dataclasses import dataclass

from django.db import connection

from .models import Person
from .models.names import NAME_WORDS_COLUMN, NameQuery
from .text import name_tokens

PAGE = 50
WALK_COST_PER_ENTRY = 0.15  # µs, an index entry passed by the name-ordered walk
WORDS_COST_PER_MATCH = 3.0  # µs, a match of the GIN index read from the table and sorted
STATS_SECONDS = 600


@dataclass(frozen=True)
class WordStats:
    """What the planner's statistics say of the words of persons' names."""

    rows: float  # persons in the table
    frequencies: dict[str, float]  # word → fraction of persons whose name has it
    floor: float  # fraction assumed for a word the statistics do not list

    def fraction(self, query: NameQuery) -> float:
        """Estimated fraction of persons matching every token (whole words, the last a prefix)."""
        *whole, last = query.tokens
        fraction = 1.0
        for token in whole:
            fraction *= self.frequencies.get(token, self.floor)
        missing = 1.0
        for word, share in self.frequencies.items():
            if word.startswith(last):
                missing *= 1.0 - share
        fraction *= (1.0 - missing) or self.floor
        return fraction

    def threshold(self) -> float:
        """The matching fraction above which the walk is faster than the word index."""
        return math.sqrt(PAGE * WALK_COST_PER_ENTRY / (WORDS_COST_PER_MATCH * max(self.rows, 1.0)))

    def plan(self, query: NameQuery) -> str:
        return "walk" if self.fraction(query) >= self.threshold() else "words"


_cache: dict[str, tuple[float, WordStats | None]] = {}
_lock = threading.Lock()


def word_stats() -> WordStats | None:
    """The statistics of `registry_person.name_words` (PostgreSQL), cached for ten minutes."""
    if connection.vendor != "postgresql":
        return None
    key = connection.settings_dict["NAME"]
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    stats = _read_stats()
    with _lock:
        _cache[key] = (now + STATS_SECONDS, stats)
    return stats


def forget_word_stats() -> None:
    """Read the statistics again at the next search (after a bulk load and its ANALYZE)."""
    with _lock:
        _cache.clear()


def _read_stats() -> WordStats | None:
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_stats s JOIN pg_class c ON c.oid = %s::regclass "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = %s",
            [table, table, NAME_WORDS_COLUMN],
        )
        row = cursor.fetchone()
    if row is None or not row[0] or not row[1] or row[2] is None or row[2] <= 0:
        return None
    words, shares, rows = row
    frequencies = dict(zip(words, shares[: len(words)], strict=True))
    lowest = shares[len(words)] if len(shares) > len(words) else min(frequencies.values())
    return WordStats(rows=float(rows), frequencies=frequencies, floor=lowest / 2)


def name_query(text: str) -> NameQuery | None:
    """The search for `text` (None when nothing in it is a letter or a digit), with its plan."""
    tokens = tuple(name_tokens(text))
    if not tokens:
        return None
    query = NameQuery(tokens)
    stats = word_stats()
    return NameQuery(tokens, stats.plan(query)) if stats is not None else query
