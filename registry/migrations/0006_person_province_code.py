"""A person keeps a copy of its commune's province code (scope filters on the person's own row);
the ended residences (who moved out of a scope) get an index of their own."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    AdminUnit = apps.get_model("registry", "AdminUnit")
    province = AdminUnit.objects.filter(pk=OuterRef("commune_id")).values("province_code")[:1]
    Person.objects.update(province_code=Subquery(province))


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_person_name_statistics")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="province_code",
            field=models.CharField(blank=True, editable=False, max_length=2),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="residence",
            index=models.Index(
                condition=models.Q(("ended_on__isnull", False)), fields=["commune", "person"], name="residence_ended"
            ),
        ),
    ]
