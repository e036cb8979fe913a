"""`Case.commune` and `Case.province_code`: copies of the person's current commune and its province,
so case lists are scoped and filtered on the case row and its indexes (filled here; required and
indexed by 0004 — a separate transaction, as PostgreSQL refuses to alter a table with pending
foreign-key checks from the fill)."""

import django.db.models.deletion
from django.db import migrations, models

FILL_COMMUNE = """
UPDATE cases_case SET commune_id = (
    SELECT registry_person.commune_id FROM registry_person WHERE registry_person.id = cases_case.person_id
)
"""
FILL_PROVINCE = """
UPDATE cases_case SET province_code = (
    SELECT registry_adminunit.province_code FROM registry_adminunit WHERE registry_adminunit.id = cases_case.commune_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_disability_determination_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.adminunit",
                verbose_name="commune",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="province_code",
            field=models.CharField(blank=True, editable=False, max_length=2),
        ),
        migrations.RunSQL(FILL_COMMUNE, migrations.RunSQL.noop, elidable=False),
        migrations.RunSQL(FILL_PROVINCE, migrations.RunSQL.noop, elidable=False),
    ]
