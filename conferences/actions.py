"""Every write of case conferences: the council and its members, representatives and their
undertakings; convening, the minutes, agency actions and their progress, follow-ups and closing.
Each action checks permission again, runs in one transaction and writes its audit event."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.actions import do_alert
from audit.actions import do_log
from core.errors import ActionError
from geo.models import Division
from partners.models import Organisation

from . import access
from . import alert_kinds as kinds
from .audit_actions import ACTION, CLOSE, CONVENE, COUNCIL, MINUTES, PROGRESS
from .models import AgencyAction, Briefing, Conference, Council, Invitation, Member, Progress, Representative


def _need_council_manager(actor: User, area: Division) -> None:
    if not access.can_manage_council(actor, area):
        raise ActionError(_("You may not manage this council."))


@transaction.atomic
def do_create_council(actor: User, area: Division, name: str) -> Council:
    _need_council_manager(actor, area)
    if Council.objects.filter(area=area).exists():
        raise ActionError(_("This area already has a council."))
    council = Council.objects.create(area=area, name=name, created_by=actor)
    do_log(actor, COUNCIL, details={"council": council.pk, "created": area.code})
    return council


@transaction.atomic
def do_add_member(actor: User, council: Council, organisation: Organisation) -> Member:
    _need_council_manager(actor, council.area)
    member, _created = Member.objects.update_or_create(
        council=council, organisation=organisation, defaults={"is_active": True}
    )
    do_log(actor, COUNCIL, details={"council": council.pk, "member": organisation.pk})
    return member


@transaction.atomic
def do_remove_member(actor: User, member: Member) -> None:
    """The agency leaves: its representatives lose access to every conference at once."""
    _need_council_manager(actor, member.council.area)
    member.is_active = False
    member.save(update_fields=["is_active"])
    do_log(actor, COUNCIL, details={"council": member.council_id, "removed": member.organisation_id})


@transaction.atomic
def do_add_representative(actor: User, member: Member, user: User, signed_on: date | None) -> Representative:
    """Name a representative of a member agency; `signed_on` records their confidentiality
    undertaking (without it they see nothing)."""
    _need_council_manager(actor, member.council.area)
    if user.role != User.Role.PARTNER or user.organisation_id != member.organisation_id:
        raise ActionError(_("A representative must be staff of the agency."))
    if signed_on is not None and signed_on > timezone.localdate():
        raise ActionError(_("The undertaking's date cannot be in the future."))
    rep, _created = Representative.objects.update_or_create(
        member=member,
        user=user,
        defaults={"undertaking_signed_on": signed_on, "undertaking_recorded_by": actor if signed_on else None},
    )
    do_log(actor, COUNCIL, details={"member": member.pk, "representative": user.pk, "undertaking": str(signed_on)})
    return rep


def _tell_agencies(members, kind: str, conference: Conference, **params) -> None:
    reps = Representative.objects.filter(
        member__in=members, undertaking_signed_on__isnull=False, user__is_active=True
    ).select_related("user", "member__organisation")
    for rep in reps:
        do_alert(
            [rep.user],
            kind,
            params={"conference": str(conference.uuid), "agency": rep.member.organisation.name, **params},
            dedupe_key=f"{kind}:{conference.pk}:{params.get('action', '')}:{rep.user_id}",
        )


@transaction.atomic
def do_convene(
    actor: User,
    child,
    *,
    reason: str,
    urgency: str,
    meets_on: date,
    place: str,
    members: list[Member],
    briefing: list[str],
    previous: Conference | None = None,
) -> Conference:
    if not access.can_convene(actor, child.village_id):
        raise ActionError(_("You may not convene a conference for this child."))
    council = access.council_for(child.village_id)
    if council is None:
        raise ActionError(_("There is no council of agencies here yet: the county sets it up first."))
    if not members or any(m.council_id != council.pk or not m.is_active for m in members):
        raise ActionError(_("Invite at least one member agency of the council."))
    unknown = set(briefing) - set(Briefing.values)
    if unknown:
        raise ActionError(_("Unknown briefing section."))
    conference = Conference.objects.create(
        council=council,
        child=child,
        village_id=child.village_id,
        previous=previous,
        reason=reason,
        urgency=urgency,
        meets_on=meets_on,
        place=place,
        briefing=[b for b in Briefing.values if b in briefing],
        convened_by=actor,
    )
    Invitation.objects.bulk_create(Invitation(conference=conference, member=m) for m in members)
    do_log(actor, CONVENE, child=child, details={"conference": conference.pk, "agencies": [m.pk for m in members]})
    _tell_agencies(members, kinds.INVITED, conference, date=str(meets_on), place=place)
    return conference


def _need_runner(actor: User, conference: Conference) -> None:
    if not access.can_run(actor, conference):
        raise ActionError(_("You may not change this conference."))


@transaction.atomic
def do_record_minutes(
    actor: User,
    conference: Conference,
    *,
    attended: list[int],
    child_views: str,
    family_views: str,
    assessment: str,
    decisions: str,
    follow_up_until: date,
) -> Conference:
    _need_runner(actor, conference)
    if follow_up_until < conference.meets_on:
        raise ActionError(_("The follow-up ends after the conference."))
    conference.invitations.update(attended=False)
    conference.invitations.filter(member_id__in=attended).update(attended=True)
    conference.child_views, conference.family_views = child_views, family_views
    conference.assessment, conference.decisions = assessment, decisions
    conference.follow_up_until = follow_up_until
    conference.status = Conference.Status.HELD
    conference.save()
    do_log(actor, MINUTES, child=conference.child, details={"conference": conference.pk, "attended": attended})
    return conference


@transaction.atomic
def do_assign_action(actor: User, conference: Conference, member: Member, description: str, due_on: date):
    _need_runner(actor, conference)
    if not conference.invitations.filter(member=member).exists():
        raise ActionError(_("Actions go to agencies invited to the conference."))
    action = AgencyAction.objects.create(conference=conference, member=member, description=description, due_on=due_on)
    do_log(actor, ACTION, child=conference.child, details={"conference": conference.pk, "action": action.pk})
    _tell_agencies([member], kinds.ACTION, conference, action=action.pk, due=str(due_on), what=description[:80])
    return action


@transaction.atomic
def do_report_progress(actor: User, conference: Conference, action: AgencyAction, note: str, *, done: bool):
    """The agency (its representative) or the convening side reports progress, or completion."""
    access.access_action(actor, conference, action.pk)
    if not (access.is_partner(actor) or access.can_run(actor, conference)):
        raise ActionError(_("You may not report on this action."))
    if action.status == AgencyAction.Status.DONE:
        raise ActionError(_("This action is already done."))
    Progress.objects.create(action=action, note=note, by=actor)
    if done:
        action.status, action.done_on = AgencyAction.Status.DONE, timezone.localdate()
        action.save(update_fields=["status", "done_on"])
    do_log(actor, PROGRESS, child=conference.child, details={"action": action.pk, "done": done})
    return action


@transaction.atomic
def do_close(actor: User, conference: Conference, outcome: str) -> Conference:
    """Close with the outcome; open actions are closed with it (their agencies are told by the
    closing note on the conference) and representatives keep reading until the follow-up ends."""
    _need_runner(actor, conference)
    conference.status, conference.outcome, conference.closed_at = Conference.Status.CLOSED, outcome, timezone.now()
    conference.save(update_fields=["status", "outcome", "closed_at"])
    do_log(actor, CLOSE, child=conference.child, details={"conference": conference.pk})
    return conference
