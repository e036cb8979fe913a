"""Forms of the registry web UI. They parse input; the services decide and write.

Each form's field names follow the keys of the services' `InvalidInput.errors`, so
`add_service_errors` can put a service's message next to the field it is about.
"""

from .access_log import AccessLogFilterForm
from .actions import CertificateForm, DeceasedForm, DeterminationRecordForm, MoveForm
from .common import BirthDateField, RegistryForm, add_service_errors, blank_choice, date_field
from .persons import PersonFilterForm, PersonForm

__all__ = [
    "AccessLogFilterForm",
    "BirthDateField",
    "CertificateForm",
    "DeceasedForm",
    "DeterminationRecordForm",
    "MoveForm",
    "PersonFilterForm",
    "PersonForm",
    "RegistryForm",
    "add_service_errors",
    "blank_choice",
    "date_field",
]
