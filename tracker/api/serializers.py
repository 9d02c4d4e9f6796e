"""Serializers of the read-only JSON API (tracker/api/)."""

from rest_framework import serializers

from tracker import models
from tracker.choices import Status


class ResponsibleBodySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="body.id")
    name = serializers.CharField(source="body.name")

    class Meta:
        model = models.Responsibility
        fields = ["id", "name", "role", "provenance"]


class TimeFrameSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.TimeFrame
        fields = ["expression", "kind", "start", "end", "anchor", "period", "due", "needs_review"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Target
        fields = ["expression", "indicator", "comparator", "value", "upper_value", "unit", "normalised_value",
                  "normalised_unit"]


class MeasureSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:measure-detail")
    document = serializers.PrimaryKeyRelatedField(read_only=True)
    document_title = serializers.CharField(source="document.title")
    status_as_of = serializers.ChoiceField(
        Status.choices, source="status_on", help_text="the status on the `as_of` date (today by default)"
    )
    overdue = serializers.BooleanField(help_text="a time frame ended before `as_of` while the status was open")
    bodies = ResponsibleBodySerializer(source="responsibilities", many=True)
    time_frames = TimeFrameSerializer(many=True)
    targets = TargetSerializer(many=True)
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = models.Measure
        fields = [
            "id", "url", "document", "document_title", "path", "number_text", "level", "heading", "text", "status",
            "status_as_of", "overdue", "needs_review", "withdrawn_at", "bodies", "time_frames", "targets", "topics",
        ]


class LinkEndSerializer(serializers.ModelSerializer):
    """One side of a link: the measure and where it stands."""

    measure_id = serializers.IntegerField(source="pk")
    document_title = serializers.CharField(source="document.title")
    date = serializers.DateField(source="document.date", allow_null=True,
                                 help_text="the document's written date, else its published date")

    class Meta:
        model = models.Measure
        fields = ["measure_id", "document", "document_title", "date", "path", "heading"]


class MeasureLinkSerializer(serializers.ModelSerializer):
    """A lineage link: `from` is the later measure, `to` the earlier one it carries forward."""

    url = serializers.HyperlinkedIdentityField(view_name="api:measurelink-detail")
    evidence = serializers.SerializerMethodField(help_text="the two passages: `from` (later) and `to` (earlier)")
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = models.MeasureLink
        fields = ["id", "url", "relation", "score", "provenance", "method", "review", "reviewed_by", "reviewed_at",
                  "evidence"]

    def get_fields(self):
        """`from` and `to` are Python keywords: they cannot be declared as class attributes."""
        fields = super().get_fields()
        ends = {"from": LinkEndSerializer(source="from_measure", read_only=True),
                "to": LinkEndSerializer(source="to_measure", read_only=True)}
        return {"id": fields.pop("id"), "url": fields.pop("url"), **ends, **fields}

    def get_evidence(self, link) -> dict[str, str]:
        later, earlier = link.passages()
        return {"from": later, "to": earlier}


class MeasureDetailSerializer(MeasureSerializer):
    """A measure with its lineage both ways."""

    links_to_earlier = MeasureLinkSerializer(source="links_out", many=True,
                                             help_text="earlier measures this one carries forward")
    links_from_later = MeasureLinkSerializer(source="links_in", many=True,
                                             help_text="later measures that carry this one forward")

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "links_to_earlier", "links_from_later"]


class DocumentSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail")
    issuers = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    measure_count = serializers.IntegerField()

    class Meta:
        model = models.Document
        fields = [
            "id", "url", "title", "kind", "doc_type", "document_number", "issuers", "date_written", "date_published",
            "measure_count",
        ]


class BodySerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:body-detail")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    successor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    aliases = serializers.ListField(child=serializers.CharField())
    measure_count = serializers.IntegerField(help_text="measures it is responsible for, in any role")

    class Meta:
        model = models.Body
        fields = [
            "id", "url", "name", "english_name", "aliases", "level", "kind", "parent", "successor", "succeeded_on",
            "needs_review", "measure_count",
        ]


class StatusUpdateSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    # a plain string: the schema of a blank-able URLField is a oneOf that "" matches twice, which is invalid
    evidence_url = serializers.CharField(help_text="a URL, or empty")

    class Meta:
        model = models.StatusUpdate
        fields = [
            "id", "measure", "status", "effective_date", "source", "note", "evidence_url", "evidence_document",
            "author", "created_at",
        ]
