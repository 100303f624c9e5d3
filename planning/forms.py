"""The assumptions form (saved, versioned) and the what-if form (the same numbers, never saved)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioning import VersionedFormMixin

from .models import FIELDS, TRAVEL_MAX
from .texts import EXPLAIN

TRAVEL_PREFIX = "travel_"


def _number(label, unit, low, high) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-unit": str(unit)}),
    )


class NumbersMixin:
    def add_numbers(self) -> None:
        for name, label, unit, low, high in FIELDS:
            self.fields[name] = _number(label, unit, low, high)
            # Built per form: the unit and bounds in the reader's language.
            bounds = _("%(unit)s, from %(low)s to %(high)s") % {"unit": unit, "low": low, "high": high}
            self.fields[name].help_text = f"{EXPLAIN[name]} ({bounds})"

    def numbers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, *_ in FIELDS}


class AssumptionsForm(NumbersMixin, VersionedFormMixin, forms.Form):
    """A county's assumptions: the numbers, each village's travel (empty: the county's figure), a note.

    `villages` is [(code, label)] of the county's villages; empty for the defaults."""

    note = forms.CharField(label=gettext_lazy("Source or note"), max_length=255, required=False)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_numbers()
        self.village_names = []
        for code, label in villages:
            name = TRAVEL_PREFIX + code
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=TRAVEL_MAX,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.village_names.append(name)
        self.order_fields([name for name, *_ in FIELDS] + ["note"])

    def number_fields(self):
        return [self[name] for name, *_ in FIELDS]

    def village_fields(self):
        return [self[name] for name in self.village_names]

    def overrides(self) -> dict[str, int]:
        return {
            name[len(TRAVEL_PREFIX) :]: self.cleaned_data[name]
            for name in self.village_names
            if self.cleaned_data.get(name) is not None
        }


class WhatIfForm(NumbersMixin, forms.Form):
    """The same numbers for one calculation: sent by GET, shown again as typed, saved nowhere."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_numbers()
