"""Token authentication: django-rest-knox's, refused where a session would be refused too.

knox finds the token by its hash, refuses it past its expiry (idle limit, moved on by each use up
to the absolute limit: settings `REST_KNOX`) and refuses inactive users. On top of that a token
must have been issued under the user's current password (`ApiToken.matches_password_of`), as
Django requires of a session. A refused token is deleted on the spot; one of an inactive user
takes all the user's tokens with it.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        try:  # knox decodes without catching: a header that is not UTF-8 would be a 500
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            ) from None
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        user = auth_token.user
        if auth_token.usable_by(user):
            return user, auth_token
        if not user.is_active:
            user.auth_token_set.all().delete()
        else:
            auth_token.delete()
        raise AuthenticationFailed(_("Invalid token."))


class ApiTokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme: `Authorization: Token <token>`, under its former name."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
