"""The policies pages link to and serve the decision and payroll PDFs, scoped like the pages."""

import pytest
from django.urls import reverse


@pytest.fixture
def granted(recipient, leader_a):
    from datetime import date

    from tests.policies.conftest import grant

    return grant(leader_a, recipient(), effective_month=date(2022, 3, 1))


def test_decision_pdf_page_is_scoped(client, granted, leader_a, officer_b):
    """The leader who signed opens it; another commune's officer gets 404."""
    url = reverse("policies:decision_pdf", args=[granted.pk])
    client.force_login(leader_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
