"""Housekeeping of API tokens. Refusing a token is the authentication's job (it refuses expired
tokens, inactive users and tokens issued under a former password at their next use); this deletes
the rows that can no longer be used before anyone tries them, so that none lingers."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import ApiToken


@transaction.atomic
def api_tokens_purge() -> int:
    """Delete expired tokens, the tokens of inactive users and those issued under a former password;
    return how many."""
    unusable = ApiToken.objects.filter(Q(expiry__lt=timezone.now()) | Q(user__is_active=False))
    count = unusable.delete()[1].get(ApiToken._meta.label, 0)
    stale = [token.pk for token in ApiToken.objects.select_related("user") if not token.matches_password_of(token.user)]
    if stale:
        count += ApiToken.objects.filter(pk__in=stale).delete()[1].get(ApiToken._meta.label, 0)
    return count
