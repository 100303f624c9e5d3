"""Report pages that show a child's data, and the reason a report gives its receiving
organisation's staff to see the child (audit.reads): "Report #7 to the public security bureau"."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.reads import register_page, register_reason

from .models import MandatoryReport

register_page("reports", _("Reports list"))
register_page("report", _("Report"))
register_page("report_form", _("Report form"))
register_page("api_report", _("API: a report"))
register_page("api_reports", _("API: reports list"))


def describe(keys: list[str]) -> dict[str, str]:
    ids = [int(k) for k in keys if k.isdigit()]
    bodies = dict(MandatoryReport.objects.filter(pk__in=ids).values_list("pk", "receiving_body"))
    return {
        str(pk): gettext("Report #%(number)s to %(organisation)s") % {"number": pk, "organisation": body}
        for pk, body in bodies.items()
    }


register_reason("report", describe)
