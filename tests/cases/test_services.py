"""Business rules of the case, provider, referral, event and attachment services."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Attachment, Case, CaseStep, EventParticipant, Status
from cases.services import (
    attachment_add,
    case_add_note,
    case_update,
    event_create,
    event_participants_add,
    provider_create,
    provider_update,
    referral_create,
    referral_record,
)
from registry.errors import FieldError, InvalidInput, NotPermitted, StaleVersion, TransitionNotAllowed
from registry.services import person_mark_deceased, person_move


def test_open_records_the_creator_and_the_timeline(make_case, creator):
    case = make_case(note="Gia đình đề nghị qua điện thoại")
    assert (case.status, case.created_by, case.kind) == (Status.REQUESTED, creator, "support")
    step = case.steps.get()
    assert (step.action, step.actor, step.note) == ("created", creator, "Gia đình đề nghị qua điện thoại")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"domain": "space"}, "domain"),
        ({"support_type": "nothing"}, "support_type"),
        ({"domain": "education"}, "support_type"),
        ({"amount": -1}, "amount"),
        ({"amount": "12,5"}, "amount"),
        ({"in_kind_value": -3}, "in_kind_value"),
        ({"in_kind_quantity": -3}, "in_kind_quantity"),
        ({"funding_source": "lottery"}, "funding_source"),
        ({"description": "   "}, "description"),
        ({"requested_on": date(1970, 1, 1)}, "requested_on"),
        ({"in_kind_value": 500_000}, "in_kind_description"),
    ],
)
def test_bad_input_saves_nothing(make_case, kwargs, field):
    with pytest.raises(InvalidInput) as refused:
        make_case(**kwargs)
    assert field in refused.value.errors
    assert not Case.objects.exists() and not CaseStep.objects.exists()


def test_inactive_support_type_is_refused(make_case):
    from policies.models import Policy

    Policy.objects.filter(code="rehabilitation").update(is_active=False)
    with pytest.raises(FieldError) as refused:
        make_case()
    assert refused.value.field == "support_type"


def test_deceased_person_gets_no_new_case(make_case, officer_a, person_a):
    person_mark_deceased(actor=officer_a, person=person_a, died_on=date(2026, 1, 1))
    with pytest.raises(FieldError) as refused:
        make_case()
    assert refused.value.field == "person"


def test_roles_that_cannot_open(make_case, leader_a, statistician, officer_b):
    for user in (leader_a, statistician):
        with pytest.raises(NotPermitted):
            make_case(actor=user)
    with pytest.raises(NotPermitted):  # outside the area
        make_case(actor=officer_b)


def test_assignee_must_work_in_the_commune(make_case, officer_a, officer_b, leader_a):
    assert make_case(assigned_to=officer_a).assigned_to == officer_a
    for user in (officer_b, leader_a):
        with pytest.raises(FieldError) as refused:
            make_case(assigned_to=user)
        assert refused.value.field == "assigned_to"


def test_update_records_what_changed_and_checks_the_version(make_case, officer_a):
    case = make_case()
    case = case_update(actor=officer_a, case=case, data={"amount": 800_000, "description": "Cần xe lăn"},
                       expected_version=case.version)  # fmt: skip
    assert case.amount == 800_000 and case.version == 2
    edit = case.steps.filter(action="edit").get()
    assert "amount" in edit.note.lower() or "số tiền" in edit.note.lower()
    with pytest.raises(StaleVersion):
        case_update(actor=officer_a, case=case, data={"amount": 1}, expected_version=1)


def test_requested_on_change_moves_the_due_date(make_case, officer_a):
    case = make_case()
    case = case_update(actor=officer_a, case=case, data={"requested_on": date(2026, 2, 13)})
    assert case.due_on == date(2026, 3, 20)


def test_domain_and_type_are_fixed_after_approval(make_case, officer_a):
    case = make_case(status=Status.APPROVED)
    with pytest.raises(FieldError):
        case_update(actor=officer_a, case=case, data={"domain": "health", "support_type": "assistive_device"})
    case = make_case()
    case = case_update(actor=officer_a, case=case, data={"support_type": "assistive_device"})
    assert case.support_type.code == "assistive_device"


def test_closed_case_is_not_edited(make_case, officer_a):
    case = make_case(status=Status.CANCELLED)
    with pytest.raises(TransitionNotAllowed):
        case_update(actor=officer_a, case=case, data={"amount": 5})
    with pytest.raises(FieldError):
        case_add_note(actor=officer_a, case=case, note="  ")


def test_moved_out_person_case_becomes_read_only(make_case, officer_a, officer_b, commune_b, person_a):
    case = make_case()
    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 4, 1))
    case.refresh_from_db()
    with pytest.raises(NotPermitted):
        case_add_note(actor=officer_a, case=case, note="Gọi điện")
    assert case_add_note(actor=officer_b, case=case, note="Tiếp nhận hồ sơ chuyển đến").case_id == case.pk


def test_providers_are_scoped(officer_a, officer_b, provincial, commune_a, province):
    provider = provider_create(actor=officer_a, data={"name": "Trạm y tế Hải Châu", "kind": "hospital",
                                                      "unit": commune_a}, domains=["health"])  # fmt: skip
    assert provider.domains == ["health"]
    with pytest.raises(FieldError):
        provider_create(actor=officer_a, data={"name": "Sở", "kind": "other", "unit": province}, domains=["other"])
    with pytest.raises(NotPermitted):
        provider_update(actor=officer_b, provider=provider, data={"phone": "1"})
    provider = provider_update(
        actor=provincial, provider=provider, data={"phone": "0236"}, domains=["health", "education"]
    )
    assert provider.domains == ["health", "education"]
    with pytest.raises(InvalidInput):
        provider_create(actor=officer_a, data={"name": "", "kind": "x", "unit": commune_a}, domains=[])


def test_referral_status_moves(make_case, officer_a, provincial, province):
    provider = provider_create(actor=provincial, data={"name": "BV", "kind": "hospital", "unit": province},
                               domains=["health"])  # fmt: skip
    case = make_case()
    referral = referral_create(actor=officer_a, case=case, provider=provider, sent_on=date(2026, 3, 3))
    with pytest.raises(FieldError):  # the same provider twice while the first is open
        referral_create(actor=officer_a, case=case, provider=provider, sent_on=date(2026, 3, 4))
    with pytest.raises(TransitionNotAllowed):
        referral_record(actor=officer_a, referral=referral, action="complete", outcome="x")
    referral = referral_record(actor=officer_a, referral=referral, action="accept", on=date(2026, 3, 4))
    with pytest.raises(FieldError):
        referral_record(actor=officer_a, referral=referral, action="complete")
    with pytest.raises(FieldError):
        referral_record(actor=officer_a, referral=referral, action="complete", outcome="x", on=date(2026, 3, 1))
    referral = referral_record(actor=officer_a, referral=referral, action="complete", outcome="Đã phẫu thuật")
    assert referral.status == "completed"
    assert case.steps.filter(action="referral").count() == 3


def test_events_record_participants_and_gifts(officer_a, officer_b, commune_a, person_a, person_b, province):
    event = event_create(
        actor=officer_a,
        data={"kind": "disability_day_vn", "title": "18/4", "held_on": date(2026, 4, 18), "unit": commune_a,
              "organiser": "UBND", "other_participants": 12, "gifts_count": 20, "gift_value": 500_000,
              "funding_source": "social_mobilisation", "funding_amount": 10_000_000},
        participants=[person_a],
    )  # fmt: skip
    assert event.gifts_total == 10_000_000 and list(event.participants.all()) == [person_a]
    with pytest.raises(FieldError):
        event_participants_add(actor=officer_a, event=event, persons=[person_b])
    assert event_participants_add(actor=officer_a, event=event, persons=[person_a]) == 0
    with pytest.raises(FieldError):
        event_create(actor=officer_b, data={"kind": "other", "title": "x", "held_on": date(2026, 1, 1),
                                            "unit": commune_a, "organiser": "y"})  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        event_create(actor=officer_a, data={"kind": "nope", "title": "", "held_on": None, "unit": commune_a,
                                            "organiser": "", "gifts_count": 3, "gift_value": 0})  # fmt: skip
    assert {"kind", "title", "held_on", "organiser", "gift_value"} <= set(refused.value.errors)
    assert EventParticipant.objects.count() == 1


def test_provincial_event_takes_participants_from_every_commune(provincial, officer_a, province, person_a, person_b):
    event = event_create(actor=provincial, data={"kind": "disability_day_intl", "title": "3/12",
                         "held_on": date(2025, 12, 3), "unit": province, "organiser": "Sở Y tế"},
                         participants=[person_a, person_b])  # fmt: skip
    assert event.participants.count() == 2
    from cases.selectors import event_participants

    assert list(event_participants(viewer=officer_a, event=event)) == [person_a]


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("bien-ban.PDF", PDF, "application/pdf"), ("anh.jpeg", JPEG, "image/jpeg"), ("anh.jpg", JPEG, "image/jpeg"),
])  # fmt: skip
def test_attachments_typed_from_content(make_case, officer_a, settings, tmp_path, name, content, content_type):
    settings.MEDIA_ROOT = tmp_path
    case = make_case()
    attachment = attachment_add(actor=officer_a, case=case, upload=SimpleUploadedFile(name, content))
    assert attachment.content_type == content_type and attachment.original_name == name
    assert name not in attachment.file.name and attachment.file.name.startswith(f"cases/{case.pk}/")
    assert (tmp_path / attachment.file.name).read_bytes() == content


def test_attachment_refusals(make_case, officer_a, officer_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = make_case()
    with pytest.raises(FieldError):
        attachment_add(actor=officer_a, case=case, upload=SimpleUploadedFile("anh.png", JPEG))
    with pytest.raises(NotPermitted):
        attachment_add(actor=officer_b, case=case, upload=SimpleUploadedFile("a.pdf", PDF))
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_the_checker_does_not_rewrite_the_case(make_case, leader_a, officer_a):
    case = make_case()
    with pytest.raises(NotPermitted):
        case_update(actor=leader_a, case=case, data={"amount": 1})
    assert case_add_note(actor=leader_a, case=case, note="Đề nghị bổ sung giấy tờ").actor == leader_a
    assert case_update(actor=officer_a, case=case, data={"amount": 1}).amount == 1
