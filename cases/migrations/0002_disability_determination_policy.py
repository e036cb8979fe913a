"""The application to determine (or re-determine) a disability level is a case type: it needs a
support type in the policy catalogue. Added here, idempotently, when the catalogue lacks it; an
administrator may correct every field but the code afterwards."""

from django.db import migrations

CODE = "disability_determination"


def add_policy(apps, schema_editor):
    Policy = apps.get_model("policies", "Policy")
    if Policy.objects.filter(code=CODE).exists():
        return
    Policy.objects.create(
        code=CODE,
        name="Xác định, xác định lại mức độ khuyết tật",
        domain="social_assistance",
        kind="service",
        legal_basis=(
            "Luật Người khuyết tật 51/2010/QH12, Điều 15–19; Nghị định 28/2012/NĐ-CP; "
            "Thông tư 01/2019/TT-BLĐTBXH (Hội đồng họp trong 20 ngày làm việc, cấp giấy trong 5 ngày làm việc)"
        ),
        decided_by="commune_chairman",
        standard_duration_days=20,
        description="Hồ sơ đề nghị xác định mức độ khuyết tật: Hội đồng xác định mức độ khuyết tật cấp xã.",
        sort_order=5,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_cases_providers_events_attachments"),
        ("policies", "0002_load_policies"),
    ]

    operations = [migrations.RunPython(add_policy, migrations.RunPython.noop)]
