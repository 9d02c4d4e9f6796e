from django.apps import AppConfig
from django.db.models.signals import pre_delete


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Luoshi 落实"

    def ready(self):
        from tracker import summary
        from tracker.lineage import word_counts
        from tracker.models import Document, Measure

        # a deleted document's tallies go by cascade; the totals over all documents must lose them too
        pre_delete.connect(lambda sender, instance, **kwargs: summary.forget_document(instance), sender=Document,
                           weak=False, dispatch_uid="summary-forget-document")
        # a deleted measure (alone, or with its document) no longer counts in the words' frequencies
        pre_delete.connect(lambda sender, instance, **kwargs: word_counts.forget(instance), sender=Measure,
                           weak=False, dispatch_uid="word-counts-forget-measure")
