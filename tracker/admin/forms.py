"""Forms of the admin's own pages: recording a status change, merging bodies, uploading a document."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminDateWidget
from django.utils import timezone

from tracker.choices import Status
from tracker.i18n import bilingual as _b
from tracker.models import Body, Measure


class StatusChangeForm(forms.Form):
    """A dated status entry, with evidence, for one or many measures."""

    measures = forms.ModelMultipleChoiceField(queryset=Measure.objects.all(), widget=forms.MultipleHiddenInput)
    status = forms.ChoiceField(label=_b("New status", "新状态"), choices=Status.choices)
    effective_date = forms.DateField(
        label=_b("Effective date", "生效日期"), initial=timezone.localdate, widget=AdminDateWidget
    )
    note = forms.CharField(
        label=_b("Evidence note", "依据说明"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )
    evidence_url = forms.URLField(
        label=_b("Evidence URL", "依据链接"), required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 60}),
    )


class BodyMergeForm(forms.Form):
    """Which of the selected bodies stays; the others become its aliases and hand it their assignments."""

    keep = forms.ModelChoiceField(
        label=_b("Keep this body", "保留此主体"), queryset=Body.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = bodies


class BodyForm(forms.ModelForm):
    """Aliases edited one per line rather than as JSON."""

    aliases = forms.CharField(
        label=_b("Aliases and short names (one per line)", "别名与简称（每行一个）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Body
        fields = ["name", "english_name", "aliases", "level", "kind", "parent", "successor", "succeeded_on",
                  "needs_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["aliases"] = "\n".join(self.instance.aliases or [])

    def clean_aliases(self):
        lines = (line.strip() for line in self.cleaned_data["aliases"].splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class MeasureChangeForm(forms.ModelForm):
    """A measure's form remembers when the measure was last changed as it was opened: saving it after someone
    else changed the measure is refused (the second editor is told), never a silent overwrite of their change."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # locked until the admin's transaction ends, so two saves cannot both pass this check
            current = Measure.objects.select_for_update().values_list("updated_at", flat=True).get(pk=self.instance.pk)
            if cleaned.get("opened_version") != current.isoformat():
                raise forms.ValidationError(_b(
                    "Someone changed this measure since you opened it: open it again to see their change.",
                    "自您打开以来，此措施已被他人修改：请重新打开查看后再改。"))
        return cleaned


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_b("Document file (text as published)", "文件（原样的文本文件）"))

    def clean_file(self):
        upload, limit = self.cleaned_data["file"], settings.DOCUMENT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(str(_b("The file has {} MB; at most {} MB can be uploaded.",
                                               "文件为 {} MB，最多可上传 {} MB。")).format(
                round(upload.size / 2**20, 1), limit // 2**20))
        return upload
