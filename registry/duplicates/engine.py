"""Running the linkage model with Splink on its embedded DuckDB backend.

`train` estimates the model's parameters from a register (u by random sampling, m by
expectation maximisation, the prior from near-certain rules) and returns a `TrainedModel`: the
Splink model JSON plus the term frequencies of the name parts and villages (the single-record
path needs them: it scores a handful of records, whose own frequencies mean nothing).
`predict` scores the blocked pairs of a register with a trained model. Neither touches Django's
database: the callers read the persons (`features.person_record`) and write the pairs.

The backend is chosen here only (`_connection`); the model definition (`model.py`) is the same for
Spark (docs/adr/duplicate-detection.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker

from . import model

logger = logging.getLogger(__name__)

# Columns of the model's record (features.person_record) and their DuckDB types.
SCHEMA = {
    "unique_id": "BIGINT",
    "name_folded": "VARCHAR",
    "family_name": "VARCHAR",
    "middle_name": "VARCHAR",
    "given_name": "VARCHAR",
    "given_name_marked": "VARCHAR",
    "name_unmarked": "BOOLEAN",
    "dob": "VARCHAR",
    "birth_year": "INTEGER",
    "birth_month": "INTEGER",
    "birth_day": "INTEGER",
    "birth_day_month": "VARCHAR",
    "birth_decade": "INTEGER",
    "dob_approximate": "BOOLEAN",
    "national_id": "VARCHAR",
    "national_id_valid": "BOOLEAN",
    "sex": "VARCHAR",
    "commune_id": "BIGINT",
    "communes_near": "BIGINT[]",
    "former_districts": "BIGINT[]",
    "province_code": "VARCHAR",
    "village": "VARCHAR",
    "phones": "VARCHAR[]",
    "caregiver_name": "VARCHAR",
}
TF_COLUMNS = ("family_name", "middle_name", "given_name", "village")
GAMMA_COLUMNS = tuple(f"gamma_{f.name}" for f in model.FIELDS)
# What a scored pair carries out of DuckDB: the comparison vector and what the reasons read.
PAIR_COLUMNS = (*GAMMA_COLUMNS, *(f"{c}_{side}" for c in model.REASON_COLUMNS for side in ("l", "r")))
MODEL_FORMAT = 1


@dataclass
class TrainedModel:
    """What `find_duplicates` stores and the single-record path loads (`as_dict`/`from_dict`)."""

    splink: dict[str, Any]
    term_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    persons: int = 0

    @property
    def key(self) -> str:
        """A short hash of the trained parameters (caches of generated SQL are keyed by it)."""
        if not hasattr(self, "_key"):
            text = json.dumps(self.splink, sort_keys=True, default=str)
            self._key = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self._key

    def as_dict(self) -> dict[str, Any]:
        return {"format": MODEL_FORMAT, "splink": self.splink, "tf": self.term_frequencies, "persons": self.persons}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainedModel:
        return cls(splink=data["splink"], term_frequencies=data.get("tf", {}), persons=data.get("persons", 0))

    def tf_value(self, column: str, value: str | None) -> float | None:
        """The frequency of a value among the trained register (the rarest known when unseen)."""
        if value is None:
            return None
        table = self.term_frequencies.get(column) or {}
        if value in table:
            return table[value]
        return min(table.values()) if table else None


def to_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame({name: [r[name] for r in records] for name in SCHEMA}, columns=list(SCHEMA))


class Register:
    """The records in a DuckDB table `persons` (typed: lists and NULLs not guessed), added in
    chunks so that a register of a million persons is never a million Python dicts. Train and
    predict on it; close it (or use it as a context manager) to free DuckDB's memory."""

    table = "persons"

    def __init__(self, records: Sequence[dict[str, Any]] | None = None, *, memory_limit: str | None = None):
        self.connection = _connection(memory_limit=memory_limit)
        columns = ", ".join(f"{name} {kind}" for name, kind in SCHEMA.items())
        self.connection.execute(f"CREATE TABLE {self.table} ({columns})")
        if records:
            self.add(records)

    def add(self, records: Sequence[dict[str, Any]]) -> None:
        if not records:
            return
        self.connection.register("persons_frame", to_frame(records))
        casts = ", ".join(f"CAST({name} AS {kind})" for name, kind in SCHEMA.items())
        self.connection.execute(f"INSERT INTO {self.table} SELECT {casts} FROM persons_frame")  # noqa: S608 - table and column names from the code
        self.connection.unregister("persons_frame")

    def __len__(self) -> int:
        return self.connection.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]  # noqa: S608 - table and column names from the code

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _register(records, memory_limit) -> tuple[Register, bool]:
    """(a Register, whether it was made here and is to be closed here)."""
    if isinstance(records, Register):
        return records, False
    return Register(records, memory_limit=memory_limit), True


def _connection(*, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to a temporary directory past `memory_limit`."""
    connection = duckdb.connect(":memory:")
    limit = memory_limit or os.environ.get("DUPLICATES_DUCKDB_MEMORY_LIMIT") or "1GB"
    connection.execute(f"SET memory_limit = '{limit}'")
    connection.execute(f"SET temp_directory = '{tempfile.gettempdir()}/hoanhap-duckdb'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def _quiet() -> None:
    """Splink narrates training and warns that levels only the priors know (an exact ID, which the
    register never holds twice) were not estimated: the run's summary says what matters."""
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _term_frequencies(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    out = {}
    for column in TF_COLUMNS:
        rows = con.execute(
            f"SELECT {column}, count(*) * 1.0 / sum(count(*)) OVER () FROM persons "  # noqa: S608 - table and column names from the code
            f"WHERE {column} IS NOT NULL GROUP BY {column}"
        ).fetchall()
        out[column] = {value: round(float(freq), 8) for value, freq in rows}
    return out


def train(
    records: Register | Sequence[dict[str, Any]],
    *,
    seed: int = 14,
    u_max_pairs: float = 1e6,
    sample: int | None = None,
    memory_limit: str | None = None,
) -> TrainedModel:
    """Estimate the model's parameters from a register (see the module's docstring), or from a
    random `sample` of its persons when it is larger."""
    _quiet()
    register, own = _register(records, memory_limit)
    try:
        connection = register.connection
        table = register.table
        persons = len(register)
        if sample and persons > sample:
            # A national register: the parameters from a random sample of persons (the prior
            # scales with the sample as the pairs do); the term frequencies from every person.
            connection.execute(
                f"CREATE OR REPLACE TABLE persons_sample AS SELECT * FROM {table} "  # noqa: S608 - table and column names from the code
                f"USING SAMPLE reservoir({int(sample)} ROWS) REPEATABLE ({int(seed)})"
            )
            table = "persons_sample"
        linker = Linker(table, model.linkage_settings(), DuckDBAPI(connection=connection))
        linker.training.estimate_probability_two_random_records_match(
            list(model.PRIOR_RULES), recall=model.PRIOR_RULES_RECALL
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
        for block in model.TRAINING_BLOCKS:
            linker.training.estimate_parameters_using_expectation_maximisation(block)
        splink_json = _smoothed(linker.misc.save_model_to_json())
        tf = _term_frequencies(connection)
        linker.table_management.delete_tables_created_by_splink_from_db()
        connection.execute("DROP TABLE IF EXISTS persons_sample")
        return TrainedModel(splink=splink_json, term_frequencies=tf, persons=persons)
    finally:
        if own:
            register.close()


def _smoothed(settings: dict[str, Any]) -> dict[str, Any]:
    """Floors on the estimated m and u (`model.M_FLOOR`, `model.U_FLOOR`); fixed values kept."""
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            if not level.get("fix_m_probability") and level.get("m_probability") is not None:
                level["m_probability"] = max(level["m_probability"], model.M_FLOOR)
            if not level.get("fix_u_probability") and level.get("u_probability") is not None:
                level["u_probability"] = max(level["u_probability"], model.U_FLOOR)
    return settings


def scoring_settings(trained: TrainedModel) -> dict[str, Any]:
    settings = deepcopy(trained.splink)
    settings["retain_intermediate_calculation_columns"] = False
    settings["retain_matching_columns"] = True  # keeps the gamma_ columns (the reasons)
    settings["linker_uid"] = None
    return settings


def predict(
    records: Register | Sequence[dict[str, Any]],
    trained: TrainedModel,
    *,
    threshold: float,
    memory_limit: str | None = None,
    batch_rows: int = 50_000,
) -> Iterator[dict[str, Any]]:
    """The register's blocked pairs scoring at least `threshold`: dicts with `unique_id_l`,
    `unique_id_r` (l < r), `match_weight`, `match_probability`, one `gamma_<field>` each and the
    columns the reasons read (`PAIR_COLUMNS`)."""
    _quiet()
    register, own = _register(records, memory_limit)
    try:
        if len(register) < 2:
            return
        connection = register.connection
        linker = Linker(register.table, scoring_settings(trained), DuckDBAPI(connection=connection))
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability", *PAIR_COLUMNS]
        cursor = connection.execute(f"SELECT {', '.join(columns)} FROM {predictions.physical_name}")  # noqa: S608 - table and column names from the code
        while rows := cursor.fetchmany(batch_rows):
            for row in rows:
                yield dict(zip(columns, row, strict=True))
        predictions.drop_table_from_database_and_remove_from_cache()
    finally:
        if own:
            register.close()
