"""Create the local admin account once (for `make run`) and print its login every time."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create a local superuser 'admin' with a random password (kept in var/) unless one exists."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin is for local use only (DEBUG is off).")
        password_file = Path(settings.BASE_DIR) / "var" / "local-admin-password.txt"
        users = get_user_model().objects
        if not users.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            users.create_superuser(USERNAME, email="", password=password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
        password = password_file.read_text(encoding="utf-8").strip() if password_file.exists() else "(set by you)"
        self.stdout.write(f"Local admin login: user '{USERNAME}', password '{password}'")
