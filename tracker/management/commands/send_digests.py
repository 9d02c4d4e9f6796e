"""`manage.py send_digests [--json] [--enqueue]`: e-mail each watcher what happened since their last digest
(tracker.watches); for cron, here or, with --enqueue, in a task worker."""

import json

from django.core.management.base import BaseCommand

from tracker import tasks
from tracker.watches import send_digests


class Command(BaseCommand):
    help = "Send each person the digest of what they watch (measures, documents, bodies)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--enqueue", action="store_true", help="leave it to a task worker (make worker)")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = tasks.send_digests.enqueue()
            self.stdout.write(f"task {result.id}: {result.status}")
            return
        summary = send_digests()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"{summary['digests']} digests sent ({summary['events']} events, "
                              f"{summary['watchers']} people watching)")
