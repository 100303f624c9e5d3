"""The public pages' words: what each published figure is called and what it counts, in plain
language (the dashboards' definitions are for officials; these are for the public)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "files_open": _("Children registered"),
    "files_left_behind": _("Left-behind children"),
    "files_in_difficulty": _("Children in difficulty"),
    "visits_due": _("Children due a visit"),
    "visits_done_30d": _("Visits in the last 30 days"),
    "visits_on_time_30d": _("Visits made on time"),
    "reports_answered_30d": _("Reports answered in the last 30 days"),
    "reports_answered_in_time_30d": _("Reports answered in time"),
}
# Rates shown: (numerator, denominator, label)
RATES = (
    ("visits_on_time_30d", "visits_done_30d", _("Visited on time")),
    ("reports_answered_in_time_30d", "reports_answered_30d", _("Reports answered in time")),
)
HIDDEN_MARK = "–"  # every hidden cell, whether small itself or hidden to protect a small one

EXPLANATIONS = (
    (
        _("What is a left-behind child?"),
        _(
            "Here a left-behind child is a child under 16 with a rural household registration whose parents both "
            "work away from home, or one works away and the other cannot care for the child. This is the Ministry "
            "of Civil Affairs' definition, used in the village ledgers. Census estimates (61 to 69 million) count "
            "every child aged 0 to 17, in towns too, with one or both parents away for six months or more: they "
            "are six to ten times larger and must not be compared with these figures."
        ),
    ),
    (
        _("What is a child in difficulty?"),
        _(
            "A child whose family is very poor, who lives with a disability or serious illness, or who lacks "
            "proper care from a guardian. Orphans and children nobody in fact supports are counted in the "
            "registered children too."
        ),
    ),
    (
        _("What does a Child Welfare Director do?"),
        _(
            "Every village has a Child Welfare Director, usually a member of the village committee doing the job "
            "part-time. They keep a file for each child, visit the children regularly, help families obtain "
            "allowances and services, and report a child in danger. Township supervisors and the county's "
            "civil-affairs office check and support their work."
        ),
    ),
    (
        _("What do the numbers mean?"),
        _(
            "Children registered: files open in the ledger on the day. Visited on time: of the visits made in the "
            "last 30 days, the share made by the date the child's follow-up plan set. Reports answered in time: of "
            "the reports about a child at risk answered in the last 30 days, the share answered within the "
            "deadline. The figures come from the latest daily count; the trend shows the last count of each month."
        ),
    ),
    (
        _("Why are some numbers hidden?"),
        _(
            "To protect children's privacy, no count under 10 is shown, and some larger counts are hidden too, so "
            "that a hidden number cannot be worked out from totals or differences. A hidden number is shown as –. "
            "Nothing is published below the county: no township or village."
        ),
    ),
)
