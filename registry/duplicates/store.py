"""Where trained models live: one row of `LinkageModel` per scope (a province code, or "all"),
written by `find_duplicates`; a default model shipped with the code (`default_model.json`,
trained on the generated evaluation register of tests/registry/duplicates_dataset.py) is used
until a register has been trained on."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils import timezone

from ..models import LinkageModel
from .engine import TrainedModel

DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.json")
ALL = "all"


@lru_cache(maxsize=1)
def default_model() -> TrainedModel:
    return TrainedModel.from_dict(json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")))


def model_for(province_code: str | None) -> tuple[TrainedModel, str]:
    """The model to score a province with: its own, else the national one, else the default.
    Returns (model, where it came from: a scope or "default")."""
    scopes = [province_code, ALL] if province_code else [ALL]
    rows = {scope: (pk, at) for pk, scope, at in LinkageModel.objects.filter(scope__in=scopes).values_list(
        "pk", "scope", "trained_at"
    )}  # fmt: skip
    for scope in scopes:
        if scope in rows:
            pk, trained_at = rows[scope]
            return _cached(pk, trained_at.isoformat()), scope
    return default_model(), "default"


@lru_cache(maxsize=8)
def _cached(pk: int, trained_at: str) -> TrainedModel:
    """Parsed once per process and training (the key changes when the model is retrained)."""
    return TrainedModel.from_dict(LinkageModel.objects.get(pk=pk).model)


def model_save(*, scope: str, trained: TrainedModel) -> LinkageModel:
    row, _created = LinkageModel.objects.update_or_create(
        scope=scope, defaults={"model": trained.as_dict(), "persons": trained.persons, "trained_at": timezone.now()}
    )
    return row
