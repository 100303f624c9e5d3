"""Alerts of the registry's nightly re-checks (children.rechecks): the days a child's categories
change without anyone editing the file (DOMAIN.md §1.1, §1.5, W2 dynamic management).

Each text names the day it happened rather than "today", so that it stays true when it is read
later or raised by a night that catches up."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.kinds import child_name, choice_label, register

from .choices import ParentCondition, ParentRole

CONDITION_COUNTS = "recheck_condition_counts"
CONDITION_ENDED = "recheck_condition_ended"
LEFT_BEHIND_CONDITION_COUNTS = "recheck_lbc_condition_counts"
LEFT_BEHIND_AGE = "recheck_left_behind_age"
TURNED_ADULT = "recheck_turned_18"


def _parent(alert) -> dict:
    p = alert.params
    return {
        "name": child_name(alert),
        # Lower case for the English sentence ("the father's"); Chinese and Japanese have none.
        "parent": str(choice_label(ParentRole, p.get("role")) or _("parent")).lower(),
        "condition": choice_label(ParentCondition, p.get("condition")) or _("condition"),
        "start": p.get("start", ""),
        "date": p.get("date", ""),
        "months": p.get("months", 6),
    }


def _condition_counts(alert) -> str:
    return _(
        "%(name)s: the %(parent)s's condition (%(condition)s, since %(start)s) reached %(months)s months on "
        "%(date)s and now counts for the de facto unsupported rule. Check the child's categories."
    ) % _parent(alert)


def _left_behind_condition_counts(alert) -> str:
    return _(
        "%(name)s: the %(parent)s's condition (%(condition)s, since %(start)s) reached %(months)s months on "
        "%(date)s: under this county's rules the %(parent)s now counts as unable to care for the child for the "
        "left-behind rule. Check the child's categories."
    ) % _parent(alert)


def _condition_ended(alert) -> str:
    return _(
        "%(name)s: the %(parent)s's condition (%(condition)s) ended on %(date)s and no longer counts for the "
        "child's categories. Check them and update the parent's record."
    ) % _parent(alert)


def _left_behind_age(alert) -> str:
    p = alert.params
    return _(
        "%(name)s turned %(age)s on %(date)s and no longer counts as a rural left-behind child (under %(age)s "
        "only). Check the child's categories."
    ) % {"name": child_name(alert), "age": p.get("age", 16), "date": p.get("date", "")}


def _turned_adult(alert) -> str:
    return _(
        "%(name)s turned 18 on %(date)s and is no longer a minor: support as an orphan, a de facto unsupported "
        "child or a child in difficulty ends at 18, unless local rules continue it while at school. Check the "
        "categories and whether to close the file."
    ) % {"name": child_name(alert), "date": alert.params.get("date", "")}


register(CONDITION_COUNTS, gettext_lazy("Re-check: a parent's condition now counts"), _condition_counts)
register(
    LEFT_BEHIND_CONDITION_COUNTS,
    gettext_lazy("Re-check: a parent's condition now counts for the left-behind rule"),
    _left_behind_condition_counts,
)
register(CONDITION_ENDED, gettext_lazy("Re-check: a parent's condition ended"), _condition_ended)
register(LEFT_BEHIND_AGE, gettext_lazy("Re-check: left-behind age limit reached"), _left_behind_age)
register(TURNED_ADULT, gettext_lazy("Re-check: turned 18"), _turned_adult)
