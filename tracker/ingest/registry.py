"""The registries the ingest keeps in step with the parser: bodies (with aliases and succession) and topics."""

from django.db import transaction

from tracker import models
from tracker.parsing.extract.lexicon import load_lexicon
from tracker.parsing.records import BodyMention
from tracker.parsing.topics import TOPICS


def sync_body_registry() -> int:
    """Add the lexicon's bodies that the registry lacks; bodies already there are people's to edit."""
    entries = load_lexicon().entries
    known = set(models.Body.objects.values_list("name", flat=True))
    missing = [entry for entry in entries if entry.canonical not in known]
    if not missing:
        return 0
    with transaction.atomic():
        models.Body.objects.bulk_create(
            [
                models.Body(name=e.canonical, english_name=e.english, aliases=list(e.aliases), level=e.level,
                            kind=e.kind)
                for e in missing
            ],
            ignore_conflicts=True,  # a concurrent ingest may have added them a moment ago
        )
        ids = dict(models.Body.objects.values_list("name", "pk"))
        links = []
        for entry in missing:
            successor = entry.succeeded_by[-1] if entry.succeeded_by else None
            links.append(models.Body(pk=ids[entry.canonical], parent_id=ids.get(entry.parent),
                                     successor_id=ids.get(successor.canonical) if successor else None,
                                     succeeded_on=successor.date if successor else None))
        models.Body.objects.bulk_update(links, ["parent", "successor", "succeeded_on"],
                                        batch_size=models.WRITE_BATCH_SIZE)
    return len(missing)


def sync_topics() -> None:
    """Add the parser's topics that the registry lacks (people may add their own beside them)."""
    known = set(models.Topic.objects.values_list("name", flat=True))
    missing = [models.Topic(name=topic.name, english_name=topic.english) for topic in TOPICS if topic.name not in known]
    if missing:
        models.Topic.objects.bulk_create(missing, ignore_conflicts=True)  # another ingest may add them too


class BodyResolver:
    """Names as parsed -> registry bodies, through canonical names and aliases; unknown names are added
    to the registry flagged for review, never dropped."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        names = {}
        for pk, name, aliases in models.Body.objects.order_by().values_list("pk", "name", "aliases"):
            names[name] = pk
            for alias in aliases or ():
                self.ids.setdefault(alias, pk)
        self.ids.update(names)  # a canonical name wins over another body's alias

    def resolve(self, mention: BodyMention) -> int:
        for name in (mention.canonical, mention.name):
            if name and name in self.ids:
                return self.ids[name]
        body, _ = models.Body.objects.get_or_create(
            name=mention.name, defaults={"needs_review": True, "level": mention.level or "unknown"}
        )
        self.ids[mention.name] = body.pk
        return body.pk

