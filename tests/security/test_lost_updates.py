"""No lost updates: two people edit the same person; the second save, made from a stale form or a
stale API read, is refused with what changed meanwhile."""

from django.test import Client
from django.urls import reverse

from registry.models import Person


def _form_fields(response) -> dict:
    """The edit form as the browser would submit it: every field with its rendered value."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is True:
            data[name] = "on"
        else:
            formatted = field.widget.format_value(value)
            if isinstance(formatted, list):  # select widgets format to a list of selected values
                formatted = formatted[0] if formatted else ""
            data[name] = "" if formatted is None else str(formatted)
    return data


def test_two_browser_sessions_editing_the_same_person(officer_a, make_user, commune_a, person_a):
    colleague = make_user("commune_officer", commune_a, username="colleague")
    first, second = Client(), Client()
    first.force_login(officer_a)
    second.force_login(colleague)
    url = reverse("registry:person_edit", args=[person_a.pk])
    form_a = _form_fields(first.get(url))
    form_b = _form_fields(second.get(url))

    form_a["village"] = "Tổ 3 (sửa bởi người thứ nhất)"
    saved = first.post(url, form_a)
    assert saved.status_code == 302, saved.content.decode()[:2000]

    form_b["village"] = "Tổ 9 (sửa bởi người thứ hai)"
    refused = second.post(url, form_b)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "error-summary" in page
    assert "Tổ 3 (sửa bởi người thứ nhất)" in page  # what changed meanwhile is shown
    assert Person.objects.get(pk=person_a.pk).village == "Tổ 3 (sửa bởi người thứ nhất)"


def test_two_api_clients_editing_the_same_person(officer_a, make_user, commune_a, person_a):
    from rest_framework.test import APIClient

    colleague = make_user("commune_officer", commune_a, username="colleague2")
    first, second = APIClient(), APIClient()
    first.force_authenticate(officer_a)
    second.force_authenticate(colleague)
    url = f"/api/v1/persons/{person_a.pk}/"
    version_a = first.get(url).json()["version"]
    version_b = second.get(url).json()["version"]
    assert first.patch(url, {"village": "Tổ 4", "version": version_a}, format="json").status_code == 200
    refused = second.patch(url, {"village": "Tổ 5", "version": version_b}, format="json")
    assert refused.status_code in (409, 412)
    body = refused.json()
    assert body["code"] == "conflict" and "village" in body.get("changes", {})
    assert Person.objects.get(pk=person_a.pk).village == "Tổ 4"
