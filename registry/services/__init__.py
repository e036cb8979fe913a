from .determinations import certificate_issue, certificate_revoke, determination_record, level_for_total
from .persons import person_mark_deceased, person_move, person_register, person_update

__all__ = [
    "certificate_issue",
    "certificate_revoke",
    "determination_record",
    "level_for_total",
    "person_mark_deceased",
    "person_move",
    "person_register",
    "person_update",
]
