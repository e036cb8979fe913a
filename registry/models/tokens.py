"""API tokens (django-rest-knox's model, swapped in by `KNOX_TOKEN_MODEL`).

knox stores only a hash of the token (`digest`) and the first characters to find it by
(`token_key`); the expiry moves on with each use and stops at the absolute limit (settings
`REST_KNOX`). What knox does not do is tie a token to the password it was obtained with, as Django
ties a session to it: `password_stamp` is an HMAC of the user's password hash when the token was
issued, so a token issued before a password change no longer matches, whichever way the password
was changed (admin, the password page, a command, a bulk update), and is refused.
"""

from django.conf import settings
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager

_STAMP_SALT = "registry.ApiToken.password_stamp"


def password_stamp(user, *, secret: str | None = None) -> str:
    """A keyed digest of the user's current password hash (never the hash itself)."""
    return salted_hmac(_STAMP_SALT, user.password, secret=secret, algorithm="sha256").hexdigest()


class ApiTokenManager(AuthTokenManager):
    def create(self, user, *args, **kwargs):
        """knox's create (returns `(instance, token)`), stamped with the user's password."""
        kwargs.setdefault("password_stamp", password_stamp(user))
        return super().create(user, *args, **kwargs)


class ApiToken(AbstractAuthToken):
    password_stamp = models.CharField(_("password stamp"), max_length=64, editable=False)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.token_key}… {self.user}"

    def matches_password_of(self, user) -> bool:
        """Was this token issued under the user's current password? (SECRET_KEY_FALLBACKS count,
        as they do for sessions, so rotating the key does not sign everyone out at once.)"""
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(constant_time_compare(self.password_stamp, password_stamp(user, secret=s)) for s in secrets)

    def usable_by(self, user) -> bool:
        """What a session also requires: an active user whose password has not changed since."""
        return user.is_active and self.matches_password_of(user)
