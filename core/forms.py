"""Form pieces every app uses."""

from django import forms

# Unicode bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) reorder
# how text is displayed: "\u202e" in a name can make it read differently on every page and export.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))


def strip_bidi(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


class PlainTextMixin:
    """For forms whose text is shown to others (names, addresses): bidirectional controls are
    removed from every text value before the form's own checks see it."""

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = strip_bidi(value)
        return data


class DateInput(forms.DateInput):
    """The phone's own date picker, in ISO format whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
