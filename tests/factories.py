"""Factories. Persons go through the real service so every invariant holds."""

import itertools
from datetime import date

import factory

from registry.identifiers import example_national_id
from registry.models import User

_serial = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = "commune_officer"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Secret-pass-123")
        if create:
            obj.save(update_fields=["password"])


def register_person(
    *,
    actor,
    commune,
    full_name: str = "Nguyễn Văn An",
    sex: str = "male",
    date_of_birth: date = date(1980, 5, 17),
    disability_types=("mobility",),
    level: str = "severe",
    with_id: bool = True,
    confirm_duplicate: bool = True,
    determined_on: date | None = None,
    **data,
):
    from registry.services import person_register

    payload = {"full_name": full_name, "sex": sex, "date_of_birth": date_of_birth, "commune": commune}
    if with_id:
        payload["national_id"] = example_national_id(province="48", sex=sex, birth=date_of_birth, serial=next(_serial))
    payload.update(data)
    return person_register(
        actor=actor,
        data=payload,
        disability_types=list(disability_types) if level else [],
        level=level,
        determined_on=determined_on,
        confirm_duplicate=confirm_duplicate,
    )


def api_token(user) -> str:
    """A fresh API token (django-rest-knox) for `user`, as `POST /api/v1/auth/token/` gives one."""
    from registry.models import ApiToken

    return ApiToken.objects.create(user=user)[1]
