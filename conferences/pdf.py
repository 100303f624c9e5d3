"""The minutes of a conference as a PDF for the record, typeset by WeasyPrint (imported when a PDF
is made: it needs Debian's Pango) with Debian's CJK fonts, like the printed child file. What goes
in depends on the reader: the convening side gets the whole record; an agency's representative
gets the briefing pack, the decisions and its own actions, never the child's and family's words,
the assessment or other agencies' actions."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import access, briefing


def minutes_pdf(user, conference) -> bytes:
    from weasyprint import HTML  # only when a PDF is made: WeasyPrint needs Debian's Pango

    partner = access.is_partner(user)
    html = render_to_string(
        "conferences/minutes_pdf.html",
        {
            "conference": conference,
            "pack": briefing.pack(conference),
            "invitations": conference.invitations.select_related("member__organisation"),
            "actions": access.actions_for(user, conference).prefetch_related("progress"),
            "full": not partner,
            "printed_by": user.display_name,
            "printed_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
