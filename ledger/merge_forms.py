"""Forms of the merge pages: finding the other file, and choosing per field whose value survives."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .merge import DROP, KEEP

VERSIONS_SALT = "ledger.merge.versions"


class FindForm(forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin or ID number of the other file"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class MergeForm(forms.Form):
    """One choice per field that differs ("keep" | "drop"), and the versions the page was opened on
    (signed, so that a forged post cannot pass a stale page off as current)."""

    versions = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, rows, versions: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[row.name] = forms.ChoiceField(
                label=row.label,
                choices=[(KEEP, KEEP), (DROP, DROP)],
                initial=row.default,
                required=False,  # a field left without a choice takes its default
                widget=forms.RadioSelect,
            )
        if versions is not None:
            self.initial["versions"] = signing.dumps(versions, salt=VERSIONS_SALT)

    def clean_versions(self) -> dict[str, int]:
        try:
            return signing.loads(self.cleaned_data["versions"], salt=VERSIONS_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(_("This page is no longer valid: open it again.")) from None

    def choices(self) -> dict[str, str]:
        return {row.code: self.cleaned_data.get(row.name) or row.default for row in self.rows}

    def chosen(self, row) -> str:
        """The choice to show checked: what was posted, else the default."""
        if self.is_bound:
            value = self.data.get(self.add_prefix(row.name))
            if value in (KEEP, DROP):
                return value
        return row.default
