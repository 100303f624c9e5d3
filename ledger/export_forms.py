"""The ledger export page's form: which division, which product, full ID numbers or masked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import exports

PRODUCT_LABELS = {
    exports.LBC_FORMS: _("Registration forms of left-behind children (农村留守儿童信息登记表), one per child"),
    exports.DIFFICULTY_FORMS: _("Registration forms of children in difficulty (困境儿童信息登记表), one per child"),
    exports.ROSTER: _("Roster of both groups (花名册), one row per child"),
    exports.FULL: _("Full export of every field, to import into another Shouhu or keep as a copy"),
    exports.MCA: _("Exchange file for the national MCA system: the changes since the last one"),
}


class ExportForm(forms.Form):
    # A code checked by ledger.export_access (out of reach: 404, as everywhere), picked from a list.
    division = forms.CharField(label=_("Area"), max_length=12)
    product = forms.ChoiceField(label=_("What to export"), widget=forms.RadioSelect)
    full_ids = forms.BooleanField(
        label=_("Write full ID numbers"),
        required=False,
        help_text=_(
            "Forms and rosters show ID numbers partly hidden unless you tick this. The full export and the "
            "exchange file always hold full ID numbers. Every export is recorded with who took it."
        ),
    )
    resend = forms.BooleanField(
        label=_("Send the last exchange file again (the same children, with their data as they are now)"),
        required=False,
    )

    def __init__(self, *args, divisions=None, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is None:
            # Too many divisions to list (national reach): the officer types the code.
            self.fields["division"] = forms.CharField(
                label=_("Area code (county 6, township 9 or village 12 digits)"), max_length=12
            )
        else:
            self.fields["division"].widget = forms.Select(choices=[(d.code, _indented(d)) for d in divisions])
        self.fields["product"].choices = [(p, PRODUCT_LABELS[p]) for p in products]
        if exports.MCA not in products:
            del self.fields["resend"]


def _indented(division) -> str:
    """County, then each township indented, then its villages under it with the township's name."""
    indent = "\u3000" * max(0, division.level - 3)
    if division.level == 5 and division.parent is not None:
        return f"{indent}{division.parent.name} · {division.name}"
    return indent + division.name
