"""Django TextChoices for every vocabulary of `tracker.vocabulary` (the one definition)."""

from django.db import models

from tracker import vocabulary
from tracker.i18n import bilingual


def _text_choices(name: str, entries: vocabulary.Vocabulary) -> type[models.TextChoices]:
    members = [(value.upper(), (value, bilingual(english, chinese))) for value, english, chinese in entries]
    return models.TextChoices(name, members)


Status = _text_choices("Status", vocabulary.STATUS)
ArticleKind = _text_choices("ArticleKind", vocabulary.ARTICLE_KIND)
BodyRole = _text_choices("BodyRole", vocabulary.BODY_ROLE)
Provenance = _text_choices("Provenance", vocabulary.PROVENANCE)
BodyLevel = _text_choices("BodyLevel", vocabulary.BODY_LEVEL)
BodyKind = _text_choices("BodyKind", vocabulary.BODY_KIND)
TimeFrameKind = _text_choices("TimeFrameKind", vocabulary.TIME_FRAME_KIND)
Comparator = _text_choices("Comparator", vocabulary.COMPARATOR)
StatusSource = _text_choices("StatusSource", vocabulary.STATUS_SOURCE)
ImportOutcome = _text_choices("ImportOutcome", vocabulary.IMPORT_OUTCOME)
LinkRelation = _text_choices("LinkRelation", vocabulary.LINK_RELATION)
LinkProvenance = _text_choices("LinkProvenance", vocabulary.LINK_PROVENANCE)
LinkReview = _text_choices("LinkReview", vocabulary.LINK_REVIEW)
ProposalState = _text_choices("ProposalState", vocabulary.PROPOSAL_STATE)
WatchEvent = _text_choices("WatchEvent", vocabulary.WATCH_EVENT)
