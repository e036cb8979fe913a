"""The cases app keeping its copy of a person's commune right (`Case.commune`, `Case.province_code`).

The registry never imports this app; a move (`registry.services.person_move`, the only writer of
an existing person's commune: imports refuse a change of commune and the admin shows it read-only)
saves the person, and the `post_save` below moves the person's cases with them. Connected in
`CasesConfig.ready`.
"""

from django.db.models.signals import post_save


def cases_follow_person(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    if created or raw:
        return  # a new person has no cases; fixtures carry their own rows
    if update_fields is not None and "commune" not in update_fields:
        return
    from .models import Case

    Case.objects.filter(person_id=instance.pk).exclude(commune_id=instance.commune_id).update(
        commune_id=instance.commune_id, province_code=instance.commune.province_code
    )


def connect() -> None:
    post_save.connect(cases_follow_person, sender="registry.Person", dispatch_uid="cases_follow_person")
