"""Every write of the family link: invitations with a one-time code, verification (the parent's
account), the entrustment, calls, notices and answers. Each checks permission again, runs in one
transaction and writes its audit event; the CWD (and the child's school, for an entrustment) are
told through alerts."""

import secrets
from datetime import date, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from audit.actions import do_log
from children.actions import do_record_parent_contact
from core.errors import ActionError

from . import access, sms
from . import alert_kinds as kinds
from .audit_actions import ANSWER, CALL, ENTRUST, INVITE, LINKED, NOTICE
from .models import Call, Entrustment, Link, Notice, Relation

CODE_MINUTES = 15
MAX_ATTEMPTS = 5


def normal_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) != 11 or not digits.startswith("1"):
        raise ActionError(_("A mobile phone number has 11 digits and starts with 1."))
    return digits


@transaction.atomic
def do_invite(actor: User, child, *, relation: str, name: str, phone: str) -> Link:
    """Send the parent (or caregiver) a one-time code by text message; the link is active once
    they type it in (do_verify)."""
    if not access.can_invite(actor, child):
        raise ActionError(_("You may not invite a family member for this child."))
    phone = normal_phone(phone)
    code = f"{secrets.randbelow(10**6):06d}"
    link = Link.objects.create(
        child=child,
        village_id=child.village_id,
        relation=relation,
        name=name,
        phone=phone,
        code_hash=make_password(code),
        code_expires=timezone.now() + timedelta(minutes=CODE_MINUTES),
        invited_by=actor,
    )
    do_log(actor, INVITE, child=child, details={"link": link.pk, "relation": relation})
    text = _(
        "[Shouhu] %(cwd)s, the Child Welfare Director of %(village)s, invites you to follow %(child)s's care. "
        "Your code: %(code)s (valid %(minutes)s minutes). Open the Shouhu page and choose “I am a parent”."
    ) % {
        "cwd": actor.display_name,
        "village": child.village.name,
        "child": child.name,
        "code": code,
        "minutes": CODE_MINUTES,
    }
    sms.send(phone, text)  # in the transaction: the outbox row goes with the invitation, or neither
    return link


def do_verify(phone: str, code: str, password: str) -> User:
    """The parent types the phone number and the code: every open invitation to that number with
    that code becomes a link, under one account (the number is the login name) with the password
    they choose. Wrong codes count (and are kept when the attempt fails); after five, the
    invitation must be sent again."""
    phone = normal_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        invited = [
            link
            for link in Link.objects.select_for_update().filter(status=Link.Status.INVITED, code_expires__gt=now)
            if link.phone == phone and link.attempts < MAX_ATTEMPTS
        ]
        matched = [link for link in invited if check_password(code.strip(), link.code_hash)]
        if matched:
            return _link(phone, password, matched, now)
        Link.objects.filter(pk__in=[link.pk for link in invited]).update(attempts=F("attempts") + 1)
    raise ActionError(_("This code is wrong or has expired. Ask the Child Welfare Director to send a new one."))


def _link(phone: str, password: str, matched: list[Link], now) -> User:
    user = User.objects.filter(username=phone).first()
    if user is None:
        user = User(username=phone, role=User.Role.PARENT, full_name=matched[0].name, phone=phone)
        user.set_password(password)
        user.save()
    elif user.role != User.Role.PARENT:
        raise ActionError(_("This number belongs to a staff account: use another number."))
    for link in matched:
        link.user, link.status, link.linked_at, link.code_hash = user, Link.Status.ACTIVE, now, ""
        link.save(update_fields=["user", "status", "linked_at", "code_hash"])
        do_log(user, LINKED, child=link.child, details={"link": link.pk})
        cwds = staff_by_village([link.village_id], User.Role.CWD)[link.village_id]
        do_alert(cwds, kinds.LINKED, child=link.child, params={"name": link.name, "relation": link.relation})
    return user


@transaction.atomic
def do_confirm_entrustment(
    actor: User,
    link: Link,
    *,
    caregiver_name: str,
    caregiver_relation: str,
    caregiver_phone: str,
    since: date,
    statement: bool,
) -> Entrustment:
    if access.access_my_link(actor, link.pk).relation == Relation.CAREGIVER:
        raise ActionError(_("The parents confirm the entrustment."))
    if not statement:
        raise ActionError(_("Confirm that the caregiver can care for the child and has agreed."))
    if since > timezone.localdate():
        raise ActionError(_("The date cannot be in the future."))
    entrustment = Entrustment.objects.create(
        child=link.child,
        link=link,
        caregiver_name=caregiver_name,
        caregiver_relation=caregiver_relation,
        caregiver_phone=caregiver_phone,
        since=since,
        statement=True,
    )
    do_log(actor, ENTRUST, child=link.child, details={"entrustment": entrustment.pk})
    staff = staff_by_village([link.village_id], User.Role.CWD)[link.village_id]
    do_alert(staff, kinds.ENTRUSTED, child=link.child, params={"name": link.name, "caregiver": caregiver_name})
    return entrustment


@transaction.atomic
def do_log_call(actor: User, link: Link, *, on: date, mode: str, note: str = "") -> Call:
    """A parent logs a call with the child: the parent's last contact moves forward, so the
    lapsed-contact alert and the follow-up tier see it."""
    access.access_my_link(actor, link.pk)
    if on > timezone.localdate():
        raise ActionError(_("The date cannot be in the future."))
    call = Call.objects.create(link=link, child=link.child, on=on, mode=mode, note=note)
    if link.relation in (Relation.FATHER, Relation.MOTHER):
        do_record_parent_contact(link.child, link.relation, on)
    do_log(actor, CALL, child=link.child, details={"call": call.pk, "on": on.isoformat(), "mode": mode})
    return call


@transaction.atomic
def do_send_notice(actor: User, child, text: str) -> Notice:
    if not access.can_invite(actor, child):
        raise ActionError(_("You may not write to this family."))
    notice = Notice.objects.create(child=child, village_id=child.village_id, text=text, sent_by=actor)
    do_log(actor, NOTICE, child=child, details={"notice": notice.pk})
    links = Link.objects.filter(child=child, status=Link.Status.ACTIVE).select_related("user")
    do_alert([link.user for link in links], kinds.NOTICE, params={"link": links[0].pk} if links else {})
    return notice


@transaction.atomic
def do_answer(actor: User, link: Link, notice: Notice, answer: str) -> Notice:
    access.access_my_link(actor, link.pk)
    if notice.child_id != link.child_id:
        raise ActionError(_("No such notice."))
    notice.answer, notice.answered_by, notice.answered_at = answer, link, timezone.now()
    notice.save(update_fields=["answer", "answered_by", "answered_at"])
    do_log(actor, ANSWER, child=link.child, details={"notice": notice.pk})
    do_alert([notice.sent_by], kinds.ANSWERED, child=link.child, params={"name": link.name, "answer": answer[:80]})
    return notice
