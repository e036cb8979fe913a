from django.core.management.base import BaseCommand, CommandError

from registry.errors import DomainError
from registry.models import Role
from registry.services.users import user_create


class Command(BaseCommand):
    help = "Create (or update) a staff account with a role and a scope of units."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", action="append", default=[], help="Unit code (commune or province); repeatable")
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="", help="Full name")

    def handle(self, *args, username, role, unit, password, name, **options):
        try:
            user = user_create(username=username, role=role, unit_codes=unit, password=password, full_name=name)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        units = ", ".join(u.label for u in user.units.all()) or "—"
        self.stdout.write(f"{user.username}: {user.get_role_display()} [{units}]")
