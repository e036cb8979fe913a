from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A correction to the working-day calendar: a day off the `holidays` package does not know
    (a decision of the government or the province), or a make-up working day on a weekend."""

    day = models.DateField(_("day"), unique=True)
    is_working_day = models.BooleanField(_("working day"), default=False)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.reason}"
