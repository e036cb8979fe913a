"""Cases endpoints: cases and their transitions, providers, referrals, events.

Rows come from `cases.selectors` (scoped by `cases.scoping` on top of `registry.scope`), writes go
through `cases.services`; this module only maps HTTP to them.

Who may call what: collections answer 403 to roles without person-level access (the statistics
officer) for cases and referrals; anything under `/cases/{id}/` answers 404 outside the scope;
the services refuse what a role may not do (403) and what the workflow does not allow (409).
"""

from .case_views import CaseViewSet
from .directory import ProviderViewSet, ReferralViewSet
from .events import EventViewSet

__all__ = ["CaseViewSet", "EventViewSet", "ProviderViewSet", "ReferralViewSet"]
