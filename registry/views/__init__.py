"""The registry web UI: dashboard, persons (list, page, forms, actions) and the access log."""

from .access_log import access_log
from .dashboard import dashboard
from .person_actions import certificate_new, determination_new, person_deceased, person_move
from .person_forms import person_create, person_edit
from .persons import person_detail, person_list

__all__ = [
    "access_log",
    "certificate_new",
    "dashboard",
    "determination_new",
    "person_create",
    "person_deceased",
    "person_detail",
    "person_edit",
    "person_list",
    "person_move",
]
