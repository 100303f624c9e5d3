"""Case conferences' audit actions, the pages that show a child's data, and how a
representative's reason reads (see audit.registry, audit.reads)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason
from audit.registry import register
from caseplans.models import Action

from .models import Conference

COUNCIL = register("conf_cncl", _("Council of agencies changed"))
CONVENE = register("conf_call", _("Case conference convened"))
MINUTES = register("conf_min", _("Case conference minutes recorded"))
ACTION = register("conf_act", _("Agency action assigned"))
PROGRESS = register("conf_prog", _("Agency action progress"))
CLOSE = register("conf_end", _("Case conference closed"))

register_page("conference", _("Case conference"))
register_page("agency_tasks", _("Our agency's tasks"))


def describe(keys: list[str]) -> dict[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    days = dict(Conference.objects.filter(pk__in=ids).values_list("pk", "meets_on"))
    return {str(pk): gettext("Invited to the case conference of %(date)s") % {"date": day} for pk, day in days.items()}


register_reason("conference", describe)


def describe_case_actions(keys: list[str]) -> dict[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    orgs = dict(Action.objects.filter(pk__in=ids).values_list("pk", "organisation__name"))
    return {
        str(pk): gettext("A case-plan action assigned to %(organisation)s") % {"organisation": org}
        for pk, org in orgs.items()
    }


register_reason("case_action", describe_case_actions)
