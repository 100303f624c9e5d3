"""The briefing pack: only the sections of the child's file the convener chose, read from the
child's own relations (a representative reaches the child through the conference, never through
the registry's scope). No section reads a mandatory report, so its confidential reporter is never
in a pack; health notes stay out too (only the health status and disability)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import age_on
from followup.texts import reason_text

from .models import Briefing


def pack(conference) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(section code, title, [(label, value)]) for each chosen section, in the catalogue's order."""
    child = conference.child
    today = timezone.localdate()
    out = []
    for code in conference.briefing:
        rows: list[tuple[str, str]] = []
        if code == Briefing.IDENTITY:
            rows = [
                (str(child._meta.get_field("name").verbose_name), child.name),
                (str(child._meta.get_field("sex").verbose_name), child.get_sex_display()),
                (_("Age"), str(age_on(child.date_of_birth, today))),
            ]
        elif code == Briefing.PLACE:
            rows = [(str(child._meta.get_field("village").verbose_name), child.village.full_name or child.village.name)]
        elif code == Briefing.CATEGORIES:
            rows = [("", ", ".join(str(c.label) for c in child.categories))]
        elif code == Briefing.FAMILY:
            household = child.household
            for parent in household.parents.all():
                rows.append((parent.get_role_display(), _parent_line(parent)))
            if household.has_caregiver:
                rows.append(
                    (
                        _("Entrusted caregiver"),
                        f"{household.caregiver_name} ({household.get_caregiver_relation_display()})",
                    )
                )
        elif code == Briefing.RISK:
            followup = getattr(child, "followup", None)
            if followup is not None:
                rows = [(_("Risk level"), followup.get_tier_display())]
                rows += [(_("Reason"), reason_text(r[1])) for r in (followup.reasons or [])[:5]]
        elif code == Briefing.SCHOOLING:
            rows = [("", child.get_schooling_status_display()), (_("School"), f"{child.school} {child.grade}".strip())]
        elif code == Briefing.HEALTH:
            rows = [("", child.get_health_status_display() if child.health_status else "")]
            if child.disability_type:
                rows.append((_("Disability"), f"{child.get_disability_type_display()} {child.disability_grade or ''}"))
        elif code == Briefing.VISITS:
            visit = child.visits.filter(is_current=True).order_by("-visited_on").first()
            if visit is not None:
                rows = [
                    (_("Visited on"), str(visit.visited_on)),
                    (_("Living conditions"), visit.living_conditions),
                    (_("Needs"), visit.needs),
                ]
        out.append((code, str(Briefing(code).label), [(k, v) for k, v in rows if v]))
    return out


def _parent_line(parent) -> str:
    parts = [parent.name]
    if getattr(parent, "migration_status", ""):
        parts.append(parent.get_migration_status_display())
    if getattr(parent, "condition", ""):
        parts.append(parent.get_condition_display())
    return " · ".join(p for p in parts if p)
