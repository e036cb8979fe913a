"""Messages the API layer of policies shows (api/views/policies.py), marked here so that they are
in this app's catalogue: the api app's catalogue is collected by another engineer's script."""

from django.utils.translation import gettext_noop

API_MESSAGES = [
    gettext_noop("Your role has no access to person-level data."),
    gettext_noop("Enter a date as YYYY-MM-DD."),
    gettext_noop("This person has no open benefit of this policy."),
    gettext_noop("Unknown policy."),
    gettext_noop("Choose a commune of your area."),
    gettext_noop("Only administrators change rates."),
]
