"""Indexes ending with the id for "scope + filters, newest first, 50 rows" on the case list; the
case's copy of its person's commune becomes required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_commune_copy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.adminunit",
                verbose_name="commune",
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="cases_case_domain_503fbf_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["commune", "id"], name="case_commune_newest"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["domain", "status", "id"], name="case_domain_status_newest"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["commune", "domain", "id"], name="case_commune_domain_newest"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["commune", "domain", "status", "id"], name="case_commune_dom_status_newest"),
        ),
    ]
