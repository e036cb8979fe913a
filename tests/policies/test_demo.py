"""The demo seeder grants decisions and approves past payrolls through the services."""

import io
import random
from datetime import date

from policies.demo import seed
from policies.models import Decision, Payroll


def test_demo_seeder_grants_and_approves(recipient, leader_a, officer_a, admin_user):
    persons = [recipient(level=level, certified_on=date(2023, 5, 2)) for level in ["severe", "especially_severe"] * 6]
    persons.append(recipient(level="mild", certified_on=date(2023, 5, 2)))
    out = io.StringIO()
    seed(rng=random.Random(3), persons=persons, users={"leader": leader_a, "admin": admin_user},
         today=date(2025, 3, 10), stdout=out)  # fmt: skip
    grants = Decision.objects.filter(kind="grant")
    assert 6 <= grants.count() <= 12
    assert not grants.filter(person=persons[-1]).exists()  # mild: not eligible
    approved = Payroll.objects.filter(status="approved").order_by("month")
    assert [p.month for p in approved] == [date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
    assert all(p.total > 0 for p in approved)
    assert Payroll.objects.filter(status="draft", month=date(2025, 3, 1)).exists()
    assert "granted=" in out.getvalue()
