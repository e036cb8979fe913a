from .scope import scope_of


def scope(request):
    """`perms_scope`: the viewer's Scope, for menus and buttons (never for filtering rows)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"perms_scope": scope_of(user)}
