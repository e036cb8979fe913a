"""Generic words the plans screens share with other apps keep the plans' own meaning in Vietnamese
(catalogues are merged: without a message context the registry's or the cases' word would win)."""

from django.utils import translation
from django.utils.translation import gettext, pgettext

from cases.plans.forms import PlanForm


def test_plan_title_label_says_plan_not_activity():
    with translation.override("vi"):
        assert str(PlanForm.base_fields["title"].label) == "Tên kế hoạch"


def test_count_columns_say_number_of():
    with translation.override("vi"):
        assert pgettext("count", "Persons") == "Số người"
        assert pgettext("count", "Cases") == "Số trường hợp"
        # the register's own word is untouched
        assert gettext("Persons") == "Người khuyết tật"


def test_agency_period_column():
    with translation.override("vi"):
        assert pgettext("agency period", "Active") == "Thời gian hoạt động"
