"""Signed-off figures to national systems: ADX (the IHE QRPH ADX profile) and DHIS2 data value sets.

* `codes.py` — DHIS2 identifiers (UID, code) and periods (`2026`, `2026Q1`, `202603`; ADX
  `2026-01-01/P1Y`).
* `values.py` — what leaves the system: the latest signed-off figures of each mapped period, per
  commune, through the mapping tables (admin), and what is left out with the reason.
* `adx.py`, `dhis2.py` — the two file formats; `dhis2.py` also sends a data value set to a
  configured DHIS2 (`DHIS2_URL`), used by the background job.
* `schema/` — our ADX schema (the profile's structure for this data set) and the JSON Schema of
  the data value set, used by the tests.

The mapping and sign-off models live in `models/interop.py`, the writes in `services/signoff.py`
and `services/dhis2.py`.
"""
