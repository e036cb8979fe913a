"""What a user may learn of persons they may not see: nothing — no name, no ID number, no commune,
not even that such a person exists.

Two kinds of look-up start from what a user writes; both are made here and nowhere else.

* **Finding a person the user may see** (`PersonFinder`): by ID number, only for roles that see ID
  numbers (the association officer never does, so an ID number is neither used nor probed by that
  role), or by folded name + date of birth + commune; always among `persons_visible_to(viewer)`. A
  row or a request that matches nobody the user may see gets `NO_MATCH`: one message whatever the
  reason (not registered, registered elsewhere, the name does not go with the ID number). What is
  said of a person the user *may* see is the caller's choice: they could open that person's page.
* **Checking an ID number against the whole register** (`IdChecks`, `check_national_id_free`): the
  unique-ID refusal needs it (a person must not be registered twice), and it tells that a person the
  user may not see exists. The answer names nobody (`ID_TAKEN`). An account is told of at most
  `settings.ID_CHECKS_PER_HOUR` distinct such numbers in a clock hour (the same number again is not
  counted); past that every check is refused (`TooManyChecks`), whether the number is registered
  or not, so the refusal says nothing either. Every check is in the access log (action `id_check`)
  without the number: the log's readers may not see that person either.
"""

import functools
import hashlib
import hmac
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import log_access
from .errors import FieldError, TooManyChecks
from .models import AccessLog, Person
from .scope import persons_visible_to, scope_of

NO_MATCH = gettext_lazy(
    "No matching person with a disability in your area: check the ID number, full name, date of birth and commune."
)
ID_TAKEN = gettext_lazy(
    "This ID number is already registered. Ask the province to transfer the person to your commune."
)
# A number held by a person the user may see: nothing they could not look up.
ID_TAKEN_HERE = gettext_lazy("This ID number is already registered for another person.")

FREE, TAKEN, REFUSED = "free", "taken", "refused"
WINDOW = 3600  # seconds: the limit is per clock hour


def _clock() -> float:
    return time.time()


# Finding persons the user may see ---------------------------------------------------------------
Key = tuple[str, date, int]  # (folded name, date of birth, commune id)


class PersonFinder:
    """Persons the viewer may see, found by what a file or a form says of them, a batch at a time
    (one query per batch and kind of look-up, never one per row)."""

    def __init__(self, viewer, *, among: QuerySet | None = None):
        self.viewer = viewer
        self.persons = persons_visible_to(viewer) if among is None else among
        self.uses_national_ids = scope_of(viewer).sees_national_id

    def by_national_ids(self, national_ids: Iterable[str]) -> dict[str, Person]:
        """ID number → person, for the numbers held by persons the viewer may see. Nothing at all for
        roles that do not see ID numbers: for them a number finds no one, whoever holds it."""
        wanted = {n for n in national_ids if n}
        if not wanted or not self.uses_national_ids:
            return {}
        return {p.national_id: p for p in self.persons.filter(national_id__in=wanted)}

    def by_keys(self, keys: Iterable[Key]) -> dict[Key, list[Person]]:
        """(folded name, date of birth, commune id) → the persons the viewer may see with them."""
        keys = set(keys)
        found: dict[Key, list[Person]] = {key: [] for key in keys}
        if not keys:
            return found
        names, communes = {k[0] for k in keys}, {k[2] for k in keys}
        for person in self.persons.filter(name_folded__in=names, commune_id__in=communes).order_by("pk"):
            key = (person.name_folded, person.date_of_birth, person.commune_id)
            if key in found:
                found[key].append(person)
        return found


def visible_ids(viewer, pks: Iterable[int]) -> set[int]:
    """Which of these persons the viewer may see (one query)."""
    pks = set(pks)
    if not pks:
        return set()
    return set(persons_visible_to(viewer).filter(pk__in=pks).values_list("pk", flat=True))


# Checking ID numbers against the whole register -------------------------------------------------
_deferred: ContextVar[list | None] = ContextVar("hoanhap_deferred_id_checks", default=None)


def log_checks_after(service: Callable) -> Callable:
    """Write the ID checks a service makes to the access log when it returns or raises, outside its
    transaction: a refused registration rolls back, its check must stay in the log. Put it above
    `@transaction.atomic`."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        pending: list[dict] = []
        token = _deferred.set(pending)
        try:
            return service(*args, **kwargs)
        finally:
            _deferred.reset(token)
            for entry in pending:
                log_access(**entry)

    return wrapper


class IdChecks:
    """The ID numbers one operation (a registration, an edit, a file) checks against the whole
    register for one user: each answered FREE, TAKEN or REFUSED, counted, and logged together."""

    def __init__(self, user, *, channel: str):
        self.user = user
        self.channel = channel
        self.limit = settings.ID_CHECKS_PER_HOUR
        self.window = int(_clock() // WINDOW)
        self.checked = self.taken = self.refused = 0
        self._used: int | None = None  # the account's count this hour, as last read or incremented

    def _key(self, *parts: str) -> str:
        return ":".join(("hoanhap", "id-checks", str(self.user.pk), str(self.window), *parts))

    @staticmethod
    def _digest(national_id: str) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), national_id.encode(), hashlib.sha256).hexdigest()[:32]

    def answer(self, national_id: str, *, registered: bool) -> str:
        """FREE (no one holds it), TAKEN (someone the user may not see holds it) or REFUSED (the
        user's checks are used up for this hour, whatever the answer would have been)."""
        self.checked += 1
        count_key = self._key()
        timeout = WINDOW - int(_clock() % WINDOW) + 60
        if registered:
            seen_key = self._key(self._digest(national_id))
            if cache.get(seen_key):  # told already this hour: nothing new, not counted again
                self.taken += 1
                return TAKEN
            cache.add(count_key, 0, timeout)
            self._used = cache.incr(count_key)  # atomic: two requests cannot both take the last one
            if self._used > self.limit:
                self.refused += 1
                return REFUSED
            cache.set(seen_key, 1, timeout)
            self.taken += 1
            return TAKEN
        if self._used is None:  # read once per operation: a file's rows do not each ask the cache
            self._used = cache.get(count_key) or 0
        if self._used >= self.limit:
            self.refused += 1
            return REFUSED
        return FREE

    def refusal(self) -> str:
        """The message past the limit: the limit and when ID numbers are checked again."""
        again = timezone.localtime(datetime.fromtimestamp((self.window + 1) * WINDOW, tz=UTC))
        return _(
            "Too many ID numbers already registered elsewhere have been checked from your account within the "
            "hour (at most %(limit)d an hour). ID numbers will be checked again from %(time)s."
        ) % {"limit": self.limit, "time": again.strftime("%H:%M")}

    def log(self) -> None:
        """One access-log row for the checks made since the last call (none when there were none):
        how many, how many were registered elsewhere, how many refused. Never the numbers."""
        if not self.checked:
            return
        detail = f"{self.channel}: {self.checked} checked, {self.taken} registered elsewhere"
        if self.refused:
            detail += f", {self.refused} refused past the limit of {self.limit} an hour"
        entry = {"user": self.user, "action": AccessLog.Action.ID_CHECK, "detail": detail, "row_count": self.checked}
        pending = _deferred.get()
        if pending is None:
            log_access(**entry)
        else:
            pending.append(entry)
        self.checked = self.taken = self.refused = 0


def check_national_id_free(*, actor, national_id: str, exclude_pk: int | None = None, channel: str) -> None:
    """The unique-ID check of one registration or edit. Raises FieldError (`duplicate_national_id`)
    when the number is taken — naming nobody unless the holder is a person the actor may see — and
    TooManyChecks past the actor's hourly limit. Nothing is counted or logged for a number held by
    a person the actor may see: it could be looked up anyway."""
    if not national_id:
        return
    clash = (
        Person.objects.not_deleted().filter(national_id=national_id).exclude(pk=exclude_pk)
        .values_list("pk", flat=True).first()
    )  # fmt: skip
    if clash is not None and visible_ids(actor, [clash]):
        raise FieldError("national_id", str(ID_TAKEN_HERE), code="duplicate_national_id")
    checks = IdChecks(actor, channel=channel)
    outcome = checks.answer(national_id, registered=clash is not None)
    checks.log()
    if outcome == REFUSED:
        raise TooManyChecks("national_id", checks.refusal())
    if outcome == TAKEN:
        raise FieldError("national_id", str(ID_TAKEN), code="duplicate_national_id")
