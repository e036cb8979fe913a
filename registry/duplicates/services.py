"""Writes of duplicate detection: recompute the candidate pairs of a province (or of all)."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import DuplicatePair, PairStatus, Person
from . import engine, store
from .features import places_from_units
from .fingerprints import fields_key, identity_key, record_snapshot
from .reasons import reasons_from_gammas
from .selectors import ROW_FIELDS, previous_communes, records_for, register_rows

logger = logging.getLogger(__name__)

READ_CHUNK = 20_000  # persons read, made into records and handed to DuckDB at a time


def review_threshold() -> float:
    return float(settings.DUPLICATES_REVIEW_THRESHOLD)


def high_threshold() -> float:
    return float(settings.DUPLICATES_HIGH_THRESHOLD)


@dataclass
class FindSummary:
    """What a run did. `pairs`: open pairs above the review threshold in the run's scope."""

    province_code: str | None
    persons: int = 0
    model: str = ""  # the scope whose trained model scored ("48", "all") or "default"
    trained: bool = False
    scored_pairs: int = 0
    created: int = 0
    updated: int = 0
    reopened: int = 0
    closed: int = 0
    kept_decided: int = 0
    pairs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    proposed: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def lines(self) -> list[str]:
        timing = " ".join(f"{k}={v:.1f}s" for k, v in self.seconds.items())
        return [
            f"province={self.province_code or 'all'} persons={self.persons} model={self.model}"
            f"{' (trained now)' if self.trained else ''}",
            f"scored={self.scored_pairs} created={self.created} updated={self.updated} reopened={self.reopened} "
            f"closed={self.closed} decided_kept={self.kept_decided}",
            f"time: {timing}",
            f"pairs={self.pairs}",
        ]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("proposed")
        return out


def _pairs_in_scope(province_code: str | None):
    """Pairs this run can recompute: both persons in the province (or any, for a national run)."""
    qs = DuplicatePair.objects.all()
    if province_code:
        qs = qs.filter(province_a=province_code, province_b=province_code)
    return qs


def duplicates_find(*, province_code: str | None = None, train: bool | None = None) -> FindSummary:
    """Recompute the candidate pairs of a province (None: all persons, across provinces).

    Trains the model on the register first when it holds at least
    `DUPLICATES_MIN_TRAINING_PERSONS` persons (`train=False` scores with the stored model;
    `train=True` trains whatever the size). Keeps every decision: a merged pair is left alone; a
    distinct pair is reopened only if the name, date of birth or ID number of one of its records
    changed; open pairs are updated, and closed when they no longer reach the review threshold
    (or one record left the register)."""
    summary = FindSummary(province_code=province_code)
    clock = time.perf_counter()
    places = places_from_units()
    moves = previous_communes(province_code=province_code)
    with engine.Register(memory_limit=settings.DUPLICATES_MEMORY_LIMIT) as register:
        chunk: list[dict] = []
        for row in register_rows(province_code=province_code):
            chunk.append(row)
            if len(chunk) == READ_CHUNK:
                register.add(records_for(chunk, places=places, moves=moves))
                chunk = []
        register.add(records_for(chunk, places=places, moves=moves))
        summary.persons = len(register)
        summary.seconds["read"] = time.perf_counter() - clock

        scope = province_code or store.ALL
        if train is None:
            train = summary.persons >= settings.DUPLICATES_MIN_TRAINING_PERSONS
        clock = time.perf_counter()
        if train and summary.persons >= 2:
            trained = engine.train(register, sample=settings.DUPLICATES_TRAINING_SAMPLE)
            store.model_save(scope=scope, trained=trained)
            summary.model, summary.trained = scope, True
        else:
            trained, summary.model = store.model_for(province_code)
        summary.seconds["train"] = time.perf_counter() - clock

        clock = time.perf_counter()
        scored = {(row["unique_id_l"], row["unique_id_r"]): row for row in engine.predict(
            register, trained, threshold=review_threshold()
        )}  # fmt: skip
        summary.scored_pairs = len(scored)
        summary.seconds["predict"] = time.perf_counter() - clock

    clock = time.perf_counter()
    _write_pairs(summary, scored=scored, province_code=province_code)
    summary.seconds["write"] = time.perf_counter() - clock
    return summary


@transaction.atomic
def _write_pairs(summary: FindSummary, *, scored: dict, province_code: str | None) -> None:
    """The pairs' rows from the scores. The compared fields kept with a pair (`snapshot`) are read
    again here, for the persons of the scored pairs only (a few thousand, not the register)."""
    now = timezone.now()
    ids = sorted({pk for pair in scored for pk in pair})
    rows: dict[int, dict] = {}
    for start in range(0, len(ids), 5000):
        rows.update((r["id"], r) for r in Person.objects.filter(pk__in=ids[start : start + 5000]).values(*ROW_FIELDS))
    existing = {
        (p.person_a_id, p.person_b_id): p
        for p in _pairs_in_scope(province_code)
        .select_for_update()
        .only("id", "person_a_id", "person_b_id", "status", "identity_key")
    }
    snapshots = {}

    def snap(person_id: int) -> dict:
        if person_id not in snapshots:
            snapshots[person_id] = record_snapshot(rows[person_id])
        return snapshots[person_id]

    to_create, to_update = [], []
    update_fields = [
        "match_probability", "match_weight", "reasons", "status", "snapshot", "fields_key", "identity_key",
        "commune_a", "commune_b", "province_a", "province_b", "computed_at", "decided_by", "decided_at",
    ]  # fmt: skip
    for (a_id, b_id), row in scored.items():
        if a_id not in rows or b_id not in rows:
            continue
        a, b = snap(a_id), snap(b_id)
        values = {
            "match_probability": min(1.0, max(0.0, float(row["match_probability"]))),
            "match_weight": float(row["match_weight"]),
            "reasons": reasons_from_gammas(row),
            "snapshot": {"a": a, "b": b},
            "fields_key": fields_key(a, b),
            "identity_key": identity_key(a, b),
            "commune_a_id": rows[a_id]["commune_id"],
            "commune_b_id": rows[b_id]["commune_id"],
            "province_a": rows[a_id]["province_code"],
            "province_b": rows[b_id]["province_code"],
            "computed_at": now,
        }
        pair = existing.get((a_id, b_id))
        if pair is None:
            to_create.append(DuplicatePair(person_a_id=a_id, person_b_id=b_id, found_at=now, **values))
            summary.created += 1
        elif pair.status == PairStatus.MERGED or (
            pair.status == PairStatus.DISTINCT and pair.identity_key == values["identity_key"]
        ):
            summary.kept_decided += 1
            continue
        else:
            if pair.status == PairStatus.DISTINCT:
                summary.reopened += 1
                pair.decided_by, pair.decided_at = None, None
            elif pair.status == PairStatus.CLOSED:
                summary.reopened += 1
            else:
                summary.updated += 1
            for name, value in values.items():
                setattr(pair, name, value)
            pair.status = PairStatus.OPEN
            to_update.append(pair)
        summary.proposed.append(
            {"person_a": a_id, "person_b": b_id, "match_probability": values["match_probability"],
             "reasons": values["reasons"]}
        )  # fmt: skip

    stale = [pair.pk for key, pair in existing.items() if pair.status == PairStatus.OPEN and key not in scored]
    DuplicatePair.objects.bulk_create(to_create, batch_size=2000)
    DuplicatePair.objects.bulk_update(to_update, update_fields, batch_size=2000)
    for start in range(0, len(stale), 5000):
        DuplicatePair.objects.filter(pk__in=stale[start : start + 5000]).update(
            status=PairStatus.CLOSED, computed_at=now
        )
    summary.closed = len(stale)
    summary.pairs = (
        _pairs_in_scope(province_code)
        .filter(Q(status=PairStatus.OPEN), match_probability__gte=review_threshold())
        .count()
    )


def duplicates_find_after_import(*, job) -> bool:
    """Queue a run for the province of a large person import once it is written (the nightly run
    covers the rest). Returns whether a run was queued. With eager Celery (tests, the demo) nothing
    is queued: the run would hold the import's request for as long as it takes."""
    from ..scope import scope_of
    from ..tasks import find_duplicates

    if job.kind != "persons" or (job.created or 0) + (job.updated or 0) < settings.DUPLICATES_AFTER_IMPORT_ROWS:
        return False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        logger.info("duplicates: import job %s is large, the nightly run will look at it", job.pk)
        return False
    provinces = scope_of(job.user).province_codes if job.user_id else None
    codes = sorted(provinces) if provinces else [None]
    for code in codes:
        transaction.on_commit(lambda code=code: find_duplicates.delay(province_code=code))
    return True
