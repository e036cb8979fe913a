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
    # Two people for money: drafted by one user, signed by another; prepared by one, approved by another.
    assert not Decision.objects.filter(drafted_by__isnull=True).exists()
    assert {(d.drafted_by, d.created_by) for d in Decision.objects.all()} == {(admin_user, leader_a)}
    assert {(p.prepared_by, p.approved_by) for p in approved} == {(admin_user, leader_a)}


def test_demo_communes_without_demo_accounts_get_a_chairman_who_signs(recipient, make_user, commune_b, admin_user):
    from tests.policies.conftest import recipient_maker

    officer_b = make_user("commune_officer", commune_b)
    persons = [recipient_maker(officer_b, commune_b)(level="severe", certified_on=date(2023, 5, 2)) for _ in range(4)]
    seed(rng=random.Random(1), persons=persons, users={"officer": officer_b, "admin": admin_user},
         today=date(2025, 3, 10), stdout=io.StringIO())  # fmt: skip
    signers = {d.created_by for d in Decision.objects.all()}
    assert len(signers) == 1
    chairman = signers.pop()
    assert chairman.role == "commune_leader" and not chairman.has_usable_password()
    assert {d.drafted_by for d in Decision.objects.all()} == {officer_b}
