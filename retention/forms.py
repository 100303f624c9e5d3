from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioning import VersionedFormMixin

from .models import MAX_YEARS, MIN_YEARS


class PolicyForm(VersionedFormMixin, forms.Form):
    minimise_after_years = forms.IntegerField(
        label=gettext_lazy("Erase personal data this many years after a file is closed"),
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
    )
    note = forms.CharField(label=gettext_lazy("Source or note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the numbers go into the reader's language, not the one at import.
        self.fields["minimise_after_years"].help_text = _(
            "From %(min)s to %(max)s years. Check your county's archive rules first."
        ) % {"min": MIN_YEARS, "max": MAX_YEARS}
