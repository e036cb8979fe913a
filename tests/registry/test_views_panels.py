"""Panels other apps add to the person page through settings.PERSON_PAGE_PANELS."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

calls = []


def sample_panel(request, person):
    calls.append(person.pk)
    return {
        "title": "Hồ sơ hỗ trợ mẫu",
        "template": "registry/includes/viewer_status.html",
        "context": {"person": person},
    }


def silent_panel(request, person):
    return None


def test_panels_are_rendered_in_order_and_none_is_skipped(client, settings, officer_a, person_a):
    settings.PERSON_PAGE_PANELS = [
        "tests.registry.test_views_panels.silent_panel",
        None,
        "tests.registry.test_views_panels.sample_panel",
    ]
    client.force_login(officer_a)
    response = client.get(reverse("registry:person_detail", args=[person_a.pk]))
    html = response.content.decode()
    assert calls[-1] == person_a.pk
    assert [p.title for p in response.context["panels"]] == ["Hồ sơ hỗ trợ mẫu"]
    assert "<h2>Hồ sơ hỗ trợ mẫu</h2>" in html


def test_panels_are_not_called_for_a_person_outside_the_scope(client, settings, officer_b, person_a):
    settings.PERSON_PAGE_PANELS = ["tests.registry.test_views_panels.sample_panel"]
    calls.clear()
    client.force_login(officer_b)
    assert client.get(reverse("registry:person_detail", args=[person_a.pk])).status_code == 404
    assert calls == []
