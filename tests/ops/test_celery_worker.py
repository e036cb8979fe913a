"""One import through a real Celery worker on the running Redis (not eager).

Runs where HOANHAP_CELERY_WORKER_TEST=1 (`.ci/run` sets it for the PostgreSQL pass: the worker
process must reach the same database as the test, which an in-memory SQLite cannot offer).
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("HOANHAP_CELERY_WORKER_TEST"), reason="needs Redis and a shared database (CI sets it)"
    ),
]
ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"hoanhap-test-{uuid.uuid4().hex[:12]}"  # this run's own queue on the configured broker

CSV = (
    "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số định danh cá nhân,Tỉnh/Thành phố,Huyện/Quận (cũ),Xã/Phường,"
    "Thôn/Tổ dân phố,Dạng tật,Mức độ khuyết tật,Số giấy xác nhận khuyết tật,Ngày cấp giấy xác nhận,Nguyên nhân,"
    "Hộ nghèo/cận nghèo,Họ tên người chăm sóc,Quan hệ,Số điện thoại,Hội viên Hội NKT,Ghi chú\n"
    "1,Trần Văn Celery,12/05/1970,Nam,Kinh,,Thành phố Đà Nẵng,,Phường Hải Châu,Tổ 1,Vận động,Nặng,,,,,,,,,\n"
    "2,Lê Thị Worker,1985,Nữ,Kinh,,Thành phố Đà Nẵng,,Phường Hải Châu,Tổ 2,\"Nghe, nói\",Nhẹ,,,,,,,,,\n"
)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can open too (PostgreSQL)")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def test_an_import_runs_in_a_real_worker(officer_a, tmp_path):
    from config.celery import app
    from registry.imports.jobs import import_job_create
    from registry.models import ImportJob, Person
    from registry.tasks import run_import_job

    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DJANGO_ENV="test",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING", "-Q", QUEUE,
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        job = import_job_create(
            actor=officer_a, upload=SimpleUploadedFile("dang-ky.csv", CSV.encode("utf-8"), content_type="text/csv")
        )
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, mode=ImportJob.Mode.COMMIT)
        run_import_job.apply_async(args=[job.pk], queue=QUEUE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
                break
            time.sleep(0.5)
        assert job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING), "the worker never ran the job"
        assert Person.objects.filter(full_name__in=["Trần Văn Celery", "Lê Thị Worker"]).count() == 2, job.message
    finally:
        app.conf.task_always_eager = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
