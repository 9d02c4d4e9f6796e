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
        fields = ["expression", "kind", "start", "end", "anchor"]


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
