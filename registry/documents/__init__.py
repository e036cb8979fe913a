"""Documents: every PDF of the project and the public certificate check.

One rendering service (`rendering.render_pdf`) with one stylesheet base for the Vietnamese
administrative format (Decree 30/2020/NĐ-CP) and one embedded Times-metric serif
(`fonts.py`); the documents built on it (`certificate.py`, `profile.py`); the public
verification page behind the certificate's QR code; batches of many documents rendered in the
background into one PDF (`batches.py`, `tasks.py`); and a measuring function for the benchmark
(`bench.py`).

Dependencies go one way: views/API/tasks → services/selectors here → `registry` models and
scope. Other apps add sections to the person profile through `settings.PERSON_PROFILE_SECTIONS`.
"""
