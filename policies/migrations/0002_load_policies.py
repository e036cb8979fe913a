from django.db import migrations


def load(apps, schema_editor):
    from policies.seed import load_policies

    load_policies(apps)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_catalogue_rates_facts_decisions_payroll")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
