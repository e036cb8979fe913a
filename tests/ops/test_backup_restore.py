"""A pg_dump of the live database restores into a fresh database with the data intact."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from tests.factories import register_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _conninfo(dbname: str) -> str:
    settings = connection.settings_dict
    parts = [f"dbname={dbname}", f"host={settings.get('HOST') or '127.0.0.1'}", f"port={settings.get('PORT') or 5432}"]
    parts.append(f"user={settings.get('USER') or 'postgres'}")
    if settings.get("PASSWORD"):
        parts.append(f"password={settings['PASSWORD']}")
    return " ".join(parts)


def test_dump_restores_into_a_fresh_database(tmp_path, officer_a, commune_a):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore are PostgreSQL tools")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore must be installed (postgresql-client)")
    person = register_person(actor=officer_a, commune=commune_a, full_name="Ngô Thị Hằng", sex="female")
    dump = tmp_path / "hoanhap.dump"
    source = connection.settings_dict["NAME"]
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", _conninfo(source)], check=True, timeout=300)

    fresh = f"restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={_conninfo(fresh)}", str(dump)], check=True, timeout=300)
        with psycopg.connect(_conninfo(fresh)) as restored:
            row = restored.execute(
                "SELECT p.full_name, p.national_id, u.code FROM registry_person p "
                "JOIN registry_adminunit u ON u.id = p.commune_id WHERE p.id = %s",
                [person.pk],
            ).fetchone()
            units = restored.execute("SELECT count(*) FROM registry_adminunit").fetchone()[0]
            history = restored.execute(
                "SELECT count(*) FROM registry_historicalperson WHERE id = %s", [person.pk]
            ).fetchone()[0]
        assert row == ("Ngô Thị Hằng", person.national_id, commune_a.code)
        assert units > 1000
        assert history >= 1
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
