"""Duplicate detection (issue 14): probabilistic record linkage of persons (Fellegi–Sunter, with
Splink on its embedded DuckDB backend; docs/adr/duplicate-detection.md).

Interfaces for the rest of the project (the queue, the merge, registration, the payroll guard):

- `services.duplicates_find(*, province_code=None) -> FindSummary`: recompute the pairs
  (`manage.py find_duplicates`, the nightly Celery task `registry.find_duplicates`);
  `services.duplicates_find_after_import(*, job)` queues it after a large import.
- `scoring.score_candidates(record, *, province_code, threshold=None, limit=10) -> [Candidate]`:
  the persons of a province that may be the record about to be saved, by the same model.
- `services.review_threshold()`, `services.high_threshold()`: the settings
  `DUPLICATES_REVIEW_THRESHOLD` (queue, registration) and `DUPLICATES_HIGH_THRESHOLD` (payroll).
- `fingerprints.record_snapshot(row)`, `fingerprints.changed_fields(pair.snapshot, a=…, b=…)`,
  `fingerprints.identity_key(a, b)`: whether a pair's records changed since it was computed.
- `selectors.linkable_persons()`: the one place where persons leave duplicate detection (the
  merge adds its absorbed records there).
- `registry.models.DuplicatePair` / `PairStatus` / `LinkageModel`: the pairs and trained models.

The package imports nothing of `cases` or `policies`.
"""
