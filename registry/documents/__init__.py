"""Documents: every PDF of the project and the public certificate check.

One rendering service (`rendering.render_pdf`, `rendering.write_in_chunks`) with one stylesheet
base for the Vietnamese administrative format (Decree 30/2020/NĐ-CP) and one embedded
Times-metric serif (`fonts.py`); the documents built on it (`certificate.py`, `profile.py`; the
decision and payroll in `policies.documents`, the plan report in `cases.plans.report`); the
public verification page behind the certificate's QR code; and batches of many documents
rendered in the background into one PDF with progress (`batches.py`: the one service pair
`batch_start`/`batch_run`; `tasks.py`; the batch pages and `/api/v1/document-batches/`).

Batch kinds are pluggable (`kinds.py`, settings.DOCUMENT_BATCH_KINDS): `certificates` lives
here (`certificate_batch.py`), `decisions` in `policies.batches`, `plan_report` in
`cases.plans.report_batch`; each says who may request it, validates its parameters, counts and
yields its chunks, names the file and which batches a viewer sees. The "Căn cứ …" lines printed
on decisions are data (`LegalBasis`, seeded by `seed.py`, corrected in the admin).

Dependencies go one way: views/API/tasks → services/selectors here → `registry` models and
scope. Other apps add sections to the person profile through `settings.PERSON_PROFILE_SECTIONS`
and batch kinds through `settings.DOCUMENT_BATCH_KINDS`; this package never imports them.
"""
