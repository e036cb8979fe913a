"""The folded name column and its word search.

A person is found by the words of the name, in any order, the last word typed possibly unfinished:
"nguyen van an" finds "Nguyễn Văn An" and "Nguyễn Văn Anh", "thi ha" finds "Lê Thị Hà" and "Trần Thị
Hạnh", "an nguyen" finds "Nguyễn Văn An"; "an" finds "An" and "Anh" but not "Hoàng" or "Lan"
(`registry.text.name_tokens`, docs/adr/name-search.md).

`name_folded__words=NameQuery(...)` is that search. On PostgreSQL the table keeps a generated column
`name_words` (a `tsvector` of `name_folded`, migration `registry.0007`) beside the folded name, and
the lookup asks it `name_words @@ 'w1 & w2 & w3:*'`. Two indexes answer that: a GIN index on
`name_words` (a rare name: a few hundred persons or fewer) and a partial btree on (name_folded, id)
that carries `name_words` (a common name: the walk in name order checks each entry on the index
alone and stops at the page's last match). Which is faster depends on how many persons match;
`NameQuery.plan` says which one to use when the caller knows (`registry.search`), else the
database's planner decides. Elsewhere (SQLite) the lookup compares the folded name itself.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Lookup
from django.db.models.expressions import Col

NAME_WORDS_COLUMN = "name_words"


class FoldedNameField(models.CharField):
    """`registry.text.fold` of a person's full name; searched with the `words` lookup.

    The column is a plain CharField: migrations record it as one (the class only adds a lookup)."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


@dataclass(frozen=True)
class NameQuery:
    """The tokens of a name search (`registry.text.name_tokens`: lower-case letters and digits, so
    nothing needs escaping) and, on PostgreSQL, the index to answer it with: "words" (the GIN
    index), "walk" (the name-ordered btree), or "" (the planner chooses)."""

    tokens: tuple[str, ...]
    plan: str = ""

    def __post_init__(self):
        if not self.tokens or not all(t.isascii() and t.isalnum() and t == t.lower() for t in self.tokens):
            raise ValueError("NameQuery takes the tokens of registry.text.name_tokens")
        if self.plan not in ("", "words", "walk"):
            raise ValueError(f"unknown name search plan {self.plan!r}")

    def tsquery(self) -> str:
        """'nguyen & van & an:*': every word but the last whole, the last a prefix."""
        *whole, last = self.tokens
        return " & ".join([*whole, f"{last}:*"])


@FoldedNameField.register_lookup
class Words(Lookup):
    lookup_name = "words"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        # ' ' + the name + ' ', apostrophes and hyphens as spaces (the words of "Bh'riu" are "bh"
        # and "riu", as PostgreSQL's parser reads them): a whole word occurs as ' word ', a word
        # starting with the last token as ' token'.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = f"(' ' || REPLACE(REPLACE({lhs}, '''', ' '), '-', ' ') || ' ')"
        *whole, last = self.rhs.tokens
        sql, params = [], []
        # Each token is first looked for anywhere in the name (a plain LIKE on the column, cheap),
        # so that the word test below runs only on the names that contain it.
        for token in sorted(set(self.rhs.tokens), key=len, reverse=True):
            sql.append(f"{lhs} LIKE %s")
            params.extend([*lhs_params, f"%{token}%"])
        for pattern in [f"% {token} %" for token in whole] + [f"% {last}%"]:
            sql.append(f"{words} LIKE %s")
            params.extend([*lhs_params, pattern])
        return "(" + " AND ".join(sql) + ")", params

    def as_postgresql(self, compiler, connection):
        if not isinstance(self.lhs, Col):  # an expression, not the table's column: compare the text
            return self.as_sql(compiler, connection)
        words = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.{connection.ops.quote_name(NAME_WORDS_COLUMN)}"
        sql = f"{words} @@ to_tsquery('simple'::regconfig, %s)"
        if self.rhs.plan == "walk":
            # Wrapped, the condition is one the GIN index cannot answer and whose selectivity the
            # planner takes as one half: it walks a name-ordered index and stops at the page's end.
            sql = f"(CASE WHEN {sql} THEN TRUE END)"
        return sql, [self.rhs.tsquery()]
