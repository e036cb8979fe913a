"""k-anonymity for microdata: generalise the quasi-identifiers (one level per column for the whole
file, the least information lost), then suppress what still stands out (cells first, records
last). Pure Python, no Django: the microdata export (`microdata.py`) supplies the records.

Each record gives, for every quasi-identifier, its value at every level of that column's
hierarchy (level 0 the finest, the last the coarsest); a level is a partition of the values, and a
value `STAR` means "suppressed".

1. **Generalise (global recoding).** Every combination of levels is tried (the columns have one to
   five levels: a few hundred combinations, each a pass over the distinct records). A combination
   is acceptable when the records in groups smaller than k ("outliers") are at most `max_outliers`
   of the file. Among the acceptable ones the least expected loss wins: the loss of a cell is
   level ÷ top level of its column (Sweeney's precision), a row loses the sum over its cells, and an
   outlier is counted as losing every cell (it will be suppressed), so the expected loss per row is
   g + (outliers ÷ rows) × (columns − g) where g is the generalisation's loss. When none is
   acceptable (a small file), the one with the fewest outliers.
2. **Suppress cells (local suppression).** The outliers' cells are replaced by `STAR` one column
   at a time, in `suppression_order`; a record leaves the outliers as soon as its group has k
   records. A `STAR` is a value like any other: a record with a suppressed cell is grouped only
   with records whose cell is suppressed too, so every group of the file still has k records.
3. **Suppress records.** Outliers left when every quasi-identifier is `STAR` (fewer than k of
   them) are removed.

The result holds k-anonymity in the strict sense: grouping the file's rows by the quasi-identifier
columns, exactly as written, gives no group smaller than k.
"""

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

STAR = "*"


@dataclass(frozen=True)
class QuasiIdentifier:
    column: str
    levels: tuple[str, ...]  # a description of each level, finest first


@dataclass
class Outcome:
    k: int
    columns: list[str]
    rows: list[tuple[list[str], Any]]  # (quasi-identifier values, the record's payload), in input order
    levels: dict[str, int]  # the level chosen for each column
    suppressed_cells: dict[str, int] = field(default_factory=dict)  # cells of the rows kept, by column
    suppressed_records: int = 0

    @property
    def total(self) -> int:
        return len(self.rows) + self.suppressed_records


def generalisation_loss(node: tuple[int, ...], tops: tuple[int, ...]) -> float:
    return sum(level / top for level, top in zip(node, tops, strict=True) if top)


def choose_levels(distinct: Counter, tops: tuple[int, ...], *, k: int, budget: int) -> tuple[tuple[int, ...], int]:
    """(the chosen level of each column, its number of outliers). Combinations are tried from the
    least generalised; one whose generalisation alone loses as much as the best found cannot win."""
    total = sum(distinct.values()) or 1
    offsets = list(itertools.accumulate((top + 1 for top in tops), initial=0))[:-1]
    flats = [tuple(itertools.chain.from_iterable(ladders)) for ladders in distinct]
    weights = list(distinct.values())
    nodes = sorted(itertools.product(*(range(top + 1) for top in tops)), key=lambda n: generalisation_loss(n, tops))
    best_key, best = None, None
    for node in nodes:
        loss = generalisation_loss(node, tops)
        if best_key is not None and best_key[0] == 0 and loss >= best_key[1]:
            break
        pick = itemgetter(*(offset + level for offset, level in zip(offsets, node, strict=True)))
        counts: dict = {}
        for key, n in zip(map(pick, flats), weights, strict=True):
            counts[key] = counts.get(key, 0) + n
        outliers = sum(n for n in counts.values() if n < k)
        expected = loss + outliers / total * (len(tops) - loss)
        key = (0, expected, outliers, node) if outliers <= budget else (1, outliers, expected, node)
        if best_key is None or key < best_key:
            best_key, best = key, (node, outliers)
    assert best is not None
    return best


def k_anonymise(
    records: Sequence[tuple[Sequence[Sequence[str]], Any]],
    quasi_identifiers: Sequence[QuasiIdentifier],
    *,
    k: int,
    max_outliers: float,
    suppression_order: Sequence[str],
) -> Outcome:
    """`records`: (for each quasi-identifier the record's value at each of its levels, payload)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    columns = [q.column for q in quasi_identifiers]
    if sorted(suppression_order) != sorted(columns):
        raise ValueError("the suppression order names every quasi-identifier once")
    tops = tuple(len(q.levels) - 1 for q in quasi_identifiers)
    distinct = Counter(tuple(tuple(ladder) for ladder in ladders) for ladders, _payload in records)
    node, _outliers = choose_levels(distinct, tops, k=k, budget=int(max_outliers * len(records)))
    values = [[ladder[level] for ladder, level in zip(ladders, node, strict=True)] for ladders, _p in records]
    outcome = Outcome(k=k, columns=columns, rows=[], levels=dict(zip(columns, node, strict=True)))

    sizes = Counter(tuple(v) for v in values)
    outliers = [i for i, v in enumerate(values) if sizes[tuple(v)] < k]
    starred: list[tuple[int, str]] = []
    for column in suppression_order:
        if not outliers:
            break
        index = columns.index(column)
        for i in outliers:
            if values[i][index] != STAR:
                values[i][index] = STAR
                starred.append((i, column))
        sizes = Counter(tuple(v) for v in values)
        outliers = [i for i in outliers if sizes[tuple(values[i])] < k]
    removed = set(outliers)
    outcome.rows = [
        (v, payload) for i, (v, (_l, payload)) in enumerate(zip(values, records, strict=True)) if i not in removed
    ]
    outcome.suppressed_records = len(removed)
    outcome.suppressed_cells = dict(Counter(column for i, column in starred if i not in removed))
    return outcome


def smallest_group(rows: Sequence[Sequence[str]]) -> int:
    """The size of the smallest group of identical quasi-identifier values (0 for no rows)."""
    sizes = Counter(tuple(r) for r in rows)
    return min(sizes.values(), default=0)
