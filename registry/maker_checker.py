"""Two people for money: the one who makes (prepares a payroll, drafts a decision, changes the
money of a case) is never the one who checks (approves, signs).

The pairs are data, in `registry.scope.MAKER_CHECKER` beside the roles. Payroll, cases and
decisions call `require_second_person` in their services, on the locked row, before they change
anything; their pages and the API ask `second_person_refusal` to hide the approve button and say
why in words. The only exception is a commune an administrator recorded as single-person
(`SinglePersonCommune`), for the pairs marked `waivable`: the approval goes through and one
access-log row (action `single_person`) names the pair, the row and the commune's reason.
"""

from collections.abc import Iterable

from .access import log_access
from .errors import NotPermitted
from .models import AccessLog, SinglePersonCommune
from .scope import MAKER_CHECKER, MakerChecker


def _maker_ids(makers) -> set[int]:
    """User ids among `makers`: a user, a user id, None, or an iterable of those."""
    if makers is None:
        return set()
    if isinstance(makers, int):
        return {makers}
    if not isinstance(makers, Iterable) or isinstance(makers, str):
        makers = [makers]
    ids = set()
    for maker in makers:
        if maker is None:
            continue
        ids.add(maker if isinstance(maker, int) else maker.pk)
    return ids


def single_person_commune(commune_id: int | None) -> SinglePersonCommune | None:
    """The commune's single-person record, when an administrator switched it on."""
    if commune_id is None:
        return None
    return SinglePersonCommune.objects.filter(commune_id=commune_id, is_active=True).first()


def _pair(code: str) -> MakerChecker:
    return MAKER_CHECKER[code]


def _refusal(pair: MakerChecker, params: dict | None) -> str:
    text = str(pair.refusal)
    return text % params if params else text


def second_person_refusal(*, actor, makers, pair: str, commune_id: int | None = None, params: dict | None = None):
    """Why `actor` may not check this row (a translated sentence), or None when they may: they
    made nothing of it, or the pair is waived in a single-person commune."""
    rule = _pair(pair)
    if actor is None or actor.pk not in _maker_ids(makers):
        return None
    if rule.waivable and single_person_commune(commune_id) is not None:
        return None
    return _refusal(rule, params)


def require_second_person(
    *, actor, makers, pair: str, commune_id: int | None = None, what: str = "", person=None, params: dict | None = None
) -> bool:
    """Refuse (`NotPermitted`, the pair's message) when `actor` is one of `makers`.

    In a single-person commune, for a waivable pair, the actor goes on and one access-log row
    records it (`what` names the row, e.g. "payroll 12"); returns True then, False otherwise.
    Call it inside the transaction that makes the approval, so the log row stays only if it does.
    """
    rule = _pair(pair)
    if actor.pk not in _maker_ids(makers):
        return False
    record = single_person_commune(commune_id) if rule.waivable else None
    if record is None:
        raise NotPermitted(_refusal(rule, params), code="second_person_required")
    log_access(
        user=actor,
        action=AccessLog.Action.SINGLE_PERSON,
        person=person,
        detail=f"{rule.checker} {what}: {record.reason}".strip(),
    )
    return True
