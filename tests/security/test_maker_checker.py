"""The maker-checker matrix: for each pair of `registry.scope.MAKER_CHECKER` that moves money,
the maker checking their own work is refused (403 in the API, the reason in words on the page,
no button), another authorised person succeeds, and in a commune recorded as single-person the
waivable pairs succeed for the maker too, each time with an access-log row giving the reason."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from registry.models import AccessLog, SinglePersonCommune
from registry.scope import MAKER_CHECKER
from tests.policies.conftest import recipient_maker


def _api(user) -> APIClient:
    from tests.factories import api_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@dataclass
class Made:
    maker: object  # the user who made the row and now tries to check it
    checker: object  # another authorised checker
    page: str  # the page with the approve / sign button
    button: str  # the button's form action
    check: object  # (client) -> response of the API approval
    done: object  # () -> bool: the approval took effect


@pytest.fixture
def second_leader(make_user, commune_a):
    return make_user("commune_leader", commune_a, username="leader_a2")


def _payroll(ctx) -> Made:
    from policies.models import Payroll
    from policies.services import payroll_prepare

    leader = ctx["leader_a"]
    payroll = payroll_prepare(actor=leader, commune=ctx["commune_a"], month=date(2024, 6, 1))
    return Made(
        maker=leader, checker=ctx["second_leader"], page=f"/policies/payrolls/{payroll.pk}/",
        button=f"/policies/payrolls/{payroll.pk}/approve/",
        check=lambda client: client.post(f"/api/v1/payrolls/{payroll.pk}/approve/"),
        done=lambda: Payroll.objects.get(pk=payroll.pk).status == "approved",
    )  # fmt: skip


def _decision(ctx) -> Made:
    from policies.models import DecisionDraft, Policy
    from policies.services import decision_draft

    leader = ctx["leader_a"]
    person = recipient_maker(ctx["officer_a"], ctx["commune_a"])(level="severe", certified_on=date(2024, 3, 20))
    draft = decision_draft(actor=leader, kind="grant", person=person, policy=Policy.objects.get(code="monthly_allowance"),
                           number="9/QĐ-UBND", decided_on=date(2024, 4, 2), effective_month="2024-03")  # fmt: skip
    return Made(
        maker=leader, checker=ctx["second_leader"], page=f"/policies/decisions/drafts/{draft.pk}/",
        button=f"/policies/decisions/drafts/{draft.pk}/sign/",
        check=lambda client: client.post(f"/api/v1/decision-drafts/{draft.pk}/sign/"),
        done=lambda: DecisionDraft.objects.get(pk=draft.pk).status == "signed",
    )  # fmt: skip


def _case_money(ctx) -> Made:
    from cases.models import Case
    from cases.services import case_open, case_transition, case_update

    officer, provincial = ctx["officer_a"], ctx["provincial"]
    case = case_open(actor=officer, person=ctx["person_a"], domain="health", support_type="rehabilitation",
                     description="Phục hồi chức năng", requested_on=date(2026, 3, 2), amount=500_000)  # fmt: skip
    case = case_transition(actor=officer, case=case, action="assess", expected_version=case.version)
    case = case_update(actor=provincial, case=case, data={"amount": 50_000_000}, expected_version=case.version)
    return Made(
        maker=provincial, checker=ctx["leader_a"], page=f"/cases/{case.pk}/",
        button=f"/cases/{case.pk}/do/approve/",
        check=lambda client: client.post(f"/api/v1/cases/{case.pk}/approve/",
                                         {"version": Case.objects.get(pk=case.pk).version}, format="json"),
        done=lambda: Case.objects.get(pk=case.pk).status == "approved",
    )  # fmt: skip


PAIRS = {"payroll": _payroll, "decision": _decision, "case_money": _case_money}
REFUSALS = {
    "payroll": "Người lập danh sách chi trả không được tự phê duyệt.",
    "decision": "Người soạn thảo quyết định không được tự ký.",
    "case_money": "Người thay đổi số tiền, loại hỗ trợ hoặc nguồn kinh phí của hồ sơ không được tự phê duyệt.",
}


@pytest.fixture
def ctx(officer_a, leader_a, second_leader, provincial, commune_a, person_a):
    return {"officer_a": officer_a, "leader_a": leader_a, "second_leader": second_leader, "provincial": provincial,
            "commune_a": commune_a, "person_a": person_a}  # fmt: skip


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_every_money_pair_is_in_the_table():
    assert set(PAIRS) <= set(MAKER_CHECKER)
    assert {code for code, pair in MAKER_CHECKER.items() if pair.waivable} == {"payroll", "decision"}


@pytest.mark.parametrize("pair", PAIRS)
def test_the_maker_is_refused_with_the_pair_message_and_sees_no_button(pair, ctx):
    made = PAIRS[pair](ctx)
    response = made.check(_api(made.maker))
    assert response.status_code == 403
    assert response.json() == {"detail": REFUSALS[pair], "code": "second_person_required"}
    assert not made.done()
    page = _page(made.maker, made.page)
    assert f'action="{made.button}"' not in page
    assert REFUSALS[pair] in page  # said in words, not only a missing button
    assert f'action="{made.button}"' in _page(made.checker, made.page)


@pytest.mark.parametrize("pair", PAIRS)
def test_another_authorised_person_checks(pair, ctx):
    made = PAIRS[pair](ctx)
    response = made.check(_api(made.checker))
    assert response.status_code in (200, 201), response.json()
    assert made.done()
    assert not AccessLog.objects.filter(action="single_person").exists()


@pytest.mark.parametrize("pair", PAIRS)
def test_a_single_person_commune_lets_the_maker_check_and_logs_it(pair, ctx, admin_user):
    made = PAIRS[pair](ctx)
    SinglePersonCommune.objects.create(commune=ctx["commune_a"], reason="QĐ 12/QĐ-UBND: xã chỉ có một cán bộ",
                                       recorded_by=admin_user)  # fmt: skip
    response = made.check(_api(made.maker))
    if not MAKER_CHECKER[pair].waivable:  # a case is approved by the commune leader or the province, never alone
        assert response.status_code == 403 and not made.done()
        assert not AccessLog.objects.filter(action="single_person").exists()
        return
    assert response.status_code in (200, 201), response.json()
    assert made.done()
    log = AccessLog.objects.get(action="single_person")
    assert log.user == made.maker and "QĐ 12/QĐ-UBND: xã chỉ có một cán bộ" in log.detail
    assert log.detail.startswith(MAKER_CHECKER[pair].checker)


@pytest.mark.parametrize("pair", ["payroll", "decision"])
def test_a_switched_off_single_person_commune_waives_nothing(pair, ctx, admin_user):
    made = PAIRS[pair](ctx)
    SinglePersonCommune.objects.create(commune=ctx["commune_a"], reason="Tạm thời", recorded_by=admin_user,
                                       is_active=False)  # fmt: skip
    assert made.check(_api(made.maker)).status_code == 403
    assert not made.done()


def test_a_payroll_prepared_again_is_not_approved_by_the_one_who_prepared_it_again(ctx, officer_a, leader_a,
                                                                                    second_leader, commune_a):  # fmt: skip
    from policies.models import Payroll
    from policies.services import payroll_prepare

    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 6, 1))
    payroll_prepare(actor=leader_a, commune=commune_a, month=date(2024, 6, 1))  # "prepare again"
    assert _api(leader_a).post(f"/api/v1/payrolls/{payroll.pk}/approve/").status_code == 403
    approved = _api(second_leader).post(f"/api/v1/payrolls/{payroll.pk}/approve/").json()
    names = (approved["prepared_by"], approved["refreshed_by"], approved["approved_by"])
    assert names == ("officer_a", "leader_a", "leader_a2")
    assert Payroll.objects.get(pk=payroll.pk).status == "approved"
