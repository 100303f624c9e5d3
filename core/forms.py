"""Form pieces every app uses."""

from django import forms


class DateInput(forms.DateInput):
    """The phone's own date picker, in ISO format whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
