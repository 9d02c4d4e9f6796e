"""Roles: an `editors` group (edit measures, record statuses, fix bodies, import) and an `analysts` group
(view and export only). Superusers can do everything. Grant a person a role by adding them to a group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "editors"
ANALYSTS = "analysts"
# Frozen here on purpose: a migration must not change meaning when the app's code does later.
VIEW_ALL = [
    f"view_{model}"
    for model in (
        "sourcefile", "document", "appearance", "topic", "body", "measure", "responsibility", "timeframe",
        "target", "statusupdate", "variant", "importrun", "measurelink",
    )
]
EDITOR_EXTRA = [
    "change_measure",
    "add_statusupdate",
    "add_body", "change_body", "delete_body",
    "add_responsibility", "change_responsibility", "delete_responsibility",
    "add_timeframe", "change_timeframe", "delete_timeframe",
    "add_target", "change_target", "delete_target",
    "add_topic", "change_topic",
    "add_sourcefile",  # uploading a document file to ingest
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    tracker = apps.get_app_config("tracker")
    tracker.models_module = True
    create_permissions(tracker, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((ANALYSTS, VIEW_ALL), (EDITORS, VIEW_ALL + EDITOR_EXTRA)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ANALYSTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0003_admin_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
