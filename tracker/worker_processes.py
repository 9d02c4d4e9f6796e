"""The start of a worker process of the app (tracker.ingest.parallel): Django set up afresh, on the parent's
database. A spawned process loads this module before Django is set up, so it imports nothing of Django or of
the app's models at the top (tracker/__init__.py is empty)."""

import os

# What the parent handed the workers (locks, shared counters), by name; set in each worker by start().
shared: dict = {}


def start(database_name: str, objects: dict) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database_name  # the parent's (under tests, the test database)
    shared.update(objects)
