"""What the import commands share: the same arguments and the same resolution of user and file."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    """`FILE --user USERNAME [--dry-run] [--partial]`, as the upload pages do."""

    file_help = "The file to import."

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--user", required=True, help="Username of the account the import is done as.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Write the valid rows even if some rows have errors."
        )

    def resolve(self, *, user: str, file: str):
        """(actor, path) or a CommandError naming what is missing."""
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.", returncode=1) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.", returncode=1)
        return actor, path


BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.started = time.monotonic()
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        if not self.interactive and percent // 10 == self.last // 10 and done < total:
            return
        self.last = percent
        filled = BAR_WIDTH * percent // 100
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% {done}/{total} ({rate:,.0f} rows/s)"
        self.stream.write(("\r" if self.interactive else "") + line + ("" if self.interactive else "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
