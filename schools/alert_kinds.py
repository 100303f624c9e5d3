"""Alerts raised by school sheets: truancy, dropout, and a pupil who matches several children
(registered with alerts.kinds)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_name, register

TRUANCY = "truancy"
DROPOUT = "dropout"
SCHOOL_AMBIGUOUS = "school_ambiguous"


def _truancy(alert) -> str:
    p = alert.params
    return _("%(name)s: %(count)s unexcused absences from %(school)s in the last %(days)s days.") % {
        "name": child_name(alert),
        "count": p.get("count", "?"),
        "school": p.get("school", ""),
        "days": p.get("days", 30),
    }


def _dropout(alert) -> str:
    p = alert.params
    values = {"school": p.get("school", ""), "name": child_name(alert), "date": p.get("date", "")}
    if p.get("reason"):
        text = _("%(school)s reports that %(name)s has dropped out of school (last day %(date)s): %(reason)s") % {
            **values,
            "reason": p["reason"],
        }
    else:
        text = _("%(school)s reports that %(name)s has dropped out of school (last day %(date)s).") % values
    if p.get("bureau"):
        return text + " " + _("A return-to-school referral was sent to %(bureau)s.") % {"bureau": p["bureau"]}
    return (
        text
        + " "
        + _("No education bureau is in the partner directory, so no referral was sent: the county must add it.")
    )


def _ambiguous(alert) -> str:
    p = alert.params
    return _(
        "%(school)s reported %(pupil)s, born %(born)s, but %(count)s children in its area have this name "
        "and date of birth, so nothing was recorded. If the files are the same child, close the extra "
        "one; if not, ask the school to add the pupil's ID number."
    ) % {
        "school": p.get("school", ""),
        "pupil": p.get("pupil", ""),
        "born": p.get("born", ""),
        "count": p.get("count", "?"),
    }


register(TRUANCY, gettext_lazy("Unexcused school absences"), _truancy)
register(DROPOUT, gettext_lazy("Dropped out of school"), _dropout)
register(SCHOOL_AMBIGUOUS, gettext_lazy("School report matches several children"), _ambiguous)
