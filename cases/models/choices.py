"""Code lists of the cases app. Stored values are stable English codes; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Support domains (lĩnh vực): one code list, the policy catalogue's, for policies and cases.
from policies.models.catalogue import Domain  # noqa: F401  (re-exported)


class CaseKind(models.TextChoices):
    SUPPORT = "support", pgettext_lazy("case kind", "Support")
    DETERMINATION = "determination", pgettext_lazy("case kind", "Disability determination")


class Status(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("case status", "Requested")
    ASSESSED = "assessed", pgettext_lazy("case status", "Assessed")
    APPROVED = "approved", pgettext_lazy("case status", "Approved")
    IN_PROGRESS = "in_progress", pgettext_lazy("case status", "In progress")
    COMPLETED = "completed", pgettext_lazy("case status", "Completed")
    REJECTED = "rejected", pgettext_lazy("case status", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("case status", "Cancelled")


OPEN_STATUSES = (Status.REQUESTED, Status.ASSESSED, Status.APPROVED, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.COMPLETED, Status.REJECTED, Status.CANCELLED)


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", pgettext_lazy("case outcome", "Achieved")
    PARTLY_ACHIEVED = "partly_achieved", pgettext_lazy("case outcome", "Partly achieved")
    NOT_ACHIEVED = "not_achieved", pgettext_lazy("case outcome", "Not achieved")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", pgettext_lazy("funding source", "State budget")
    SOCIAL_MOBILISATION = "social_mobilisation", pgettext_lazy("funding source", "Social mobilisation")
    ASSOCIATION = "association", pgettext_lazy("funding source", "The association")
    NGO_DONOR = "ngo_donor", pgettext_lazy("funding source", "NGO or donor")
    OTHER = "other", pgettext_lazy("funding source", "Other")


class ProviderKind(models.TextChoices):
    HOSPITAL = "hospital", pgettext_lazy("provider kind", "Hospital")
    REHABILITATION_CENTRE = "rehabilitation_centre", pgettext_lazy("provider kind", "Rehabilitation centre")
    SCHOOL = "school", pgettext_lazy("provider kind", "School")
    VOCATIONAL_TRAINING_CENTRE = (
        "vocational_training_centre",
        pgettext_lazy("provider kind", "Vocational training centre"),
    )
    LEGAL_AID_CENTRE = "legal_aid_centre", pgettext_lazy("provider kind", "Legal aid centre")
    EMPLOYER = "employer", pgettext_lazy("provider kind", "Employer")
    ASSOCIATION = "association", pgettext_lazy("provider kind", "Association")
    NGO = "ngo", pgettext_lazy("provider kind", "NGO")
    OTHER = "other", pgettext_lazy("provider kind", "Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral status", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")


class EventKind(models.TextChoices):
    AWARENESS_TRAINING = "awareness_training", _("Awareness or training session")
    DISABILITY_DAY_VN = "disability_day_vn", _("Vietnam Disability Day (18/4)")
    DISABILITY_DAY_INTL = "disability_day_intl", _("International Day of Persons with Disabilities (3/12)")
    GIFT_GIVING = "gift_giving", _("Gift-giving")
    SPORT_CULTURE = "sport_culture", _("Sport or culture event")
    JOB_FAIR = "job_fair", _("Job fair")
    OTHER = "other", _("Other")
