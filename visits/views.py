"""Visit pages: a child's visits and parent contacts, recording and editing a visit, comments.

Every child comes from children.access (through visits.access); every write from visits.actions.
"""

from bisect import bisect_right
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms.formsets import all_valid
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.reads import note_read
from children.access import access_child
from children.choices import ParentRole
from children.models import Parent
from core.dates import age_on
from core.versioning import conflict, merge_choices, save_merging
from followup.access import followup_of
from followup.models import Tier
from followup.texts import answer_label, domain_label, item_label, trigger_text
from measurements.referral import growth_referral
from measurements.texts import describe as finding_texts
from risk.checklist import DOMAINS, ITEMS, UNKNOWN, YES
from risk.engine import legal_triggers

from . import actions
from .access import access_visit, can_comment, can_record
from .forms import CommentForm, ContactForm, VisitForm, VisitMeasurementForm, set_domain_to_no
from .models import ParentContact, Visit, VisitComment

VISITS_PER_PAGE = 30
NARRATIVE = ("notes", "living_conditions", "needs", "actions_taken")
CONTACTS_PER_PAGE = 50
# MPL Art. 23: parents working away must contact the child at least once a week.
CONTACT_EVERY_DAYS = 7
# The tier is recomputed just after a visit commits; a history row written within this time
# of the visit is that visit's result.
TIER_SETTLES_WITHIN = timedelta(minutes=1)
CLEAR_DRAFT = "visits.clear_draft"
CONTACT_ONLY_SAVED = gettext_lazy("Saved as a contact only. It does not count as a visit: the next visit is still due.")


def _correct_below(request, *forms) -> None:
    """Say why the form is back, unless it only asks whether nothing checked means a contact only
    (the form asks that itself, at its top)."""
    if any(f.field_errors() if isinstance(f, VisitForm) else f.errors for f in forms):
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))


def draft_key(user, child, version: Visit | None = None) -> str:
    """The localStorage key of a form's draft: one per user, child and form (new, or an edit of a version)."""
    return f"shouhu:visit-draft:{user.pk}:{child.uuid}:{version.uuid if version else 'new'}"


def latest_visit(child) -> Visit | None:
    """The latest visit that counts (not a contact only): the next one starts from its answers."""
    return child.visits.filter(is_current=True, contact_only=False).order_by("-visited_on", "-created_at").first()


def tiers_at(child, visits: list[Visit]) -> dict[int, Tier]:
    """The tier the child had just after each visit was first recorded, from the tier history."""
    history = list(child.tier_history.order_by("created_at", "id").values_list("created_at", "tier"))
    times = [at for at, _tier in history]
    tiers = {}
    for visit in visits:
        first = visit.original or visit
        i = bisect_right(times, first.created_at + TIER_SETTLES_WITHIN)
        if i:
            tiers[visit.pk] = Tier(history[i - 1][1])
    return tiers


def parent_contact_rows(parents: list[Parent], today) -> list[dict]:
    """Each parent with days since last contact; flagged when a parent away exceeds a week."""
    rows = []
    for role in ParentRole:
        parent = next((p for p in parents if p.role == role), None)
        if parent is None:
            continue
        days = (today - parent.last_contact).days if parent.last_contact else None
        rows.append(
            {
                "parent": parent,
                "label": role.label,
                "days": days,
                "lapsed": parent.is_away and (days is None or days > CONTACT_EVERY_DAYS),
            }
        )
    return rows


@login_required
def child_visits(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    comments = (
        VisitComment.objects.filter(visit__original_id=OuterRef("original_id"))
        .values("visit__original_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        child.visits.filter(is_current=True)
        .select_related("recorded_by", "original")
        # The list shows none of the encrypted narrative: not decrypting it halves the query's time.
        .defer(*NARRATIVE, *(f"original__{f}" for f in NARRATIVE))
        .annotate(n_comments=Coalesce(Subquery(comments, output_field=IntegerField()), 0))
        .order_by("-visited_on", "-created_at", "-pk")
    )
    page = Paginator(qs, VISITS_PER_PAGE).get_page(request.GET.get("page"))
    visits = list(page.object_list)
    tiers = tiers_at(child, visits)
    for visit in visits:
        visit.tier_then = tiers.get(visit.pk)
        visit.n_yes = len(visit.yes_items())
    parents = list(child.household.parents.all())
    can = can_record(user, child)
    note_read(request, child, what="visits")
    return render(
        request,
        "visits/child_visits.html",
        {
            "child": child,
            "page": page,
            "visits": visits,
            "followup": followup_of(user, child),
            "parent_rows": parent_contact_rows(parents, timezone.localdate()),
            "contacts": Paginator(
                child.parent_contacts.select_related("recorded_by").order_by("-contact_on", "-created_at", "-pk"),
                CONTACTS_PER_PAGE,
            ).get_page(request.GET.get("contact_page")),
            "contact_form": ContactForm(child=child, parents=parents) if can else None,
            "can_record": can,
            "contact_every_days": CONTACT_EVERY_DAYS,
        },
    )


def _render_form(request, child, form, m_form, *, previous=None, editing=None, key=""):
    note_read(request, child, what="visit_form", **({"visit": str(editing.uuid)} if editing else {}))
    response = render(
        request,
        "visits/visit_form.html",
        {
            "child": child,
            "form": form,
            "m_form": m_form,
            "domains": form.domains(),
            "previous": previous,
            "editing": editing,
            "draft_key": key,
            "core_fields": [form["visited_on"], form["mode"]],
            "seen_fields": [form["saw_child"], form["saw_caregiver"], form["saw_parent"]],
            "after_fields": [form["living_conditions"], form["needs"], form["actions_taken"], form["next_visit_on"]],
        },
    )
    # A form full of a child's answers must not sit in a shared proxy or the browser cache.
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
def visit_new(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    if not can_record(user, child):
        raise Http404
    previous = latest_visit(child)
    data = request.POST or None
    open_domain = ""
    if data is not None and data.get("all_no") in DOMAINS:
        # "All no in this section" without JavaScript: show the form again with that section
        # answered "no"; nothing is saved until the CWD presses Save.
        open_domain = data["all_no"]
        data = set_domain_to_no(data, open_domain)
    # The mode starts empty: copied from the last visit (or preset), an untouched form would
    # record a phone call as a home visit or the reverse.
    initial = {"visited_on": timezone.localdate(), "mode": ""}
    if previous is not None:
        # A routine visit changes little: start from the last visit's answers.
        initial |= {
            f: getattr(previous, f) for f in ("saw_child", "saw_caregiver", "saw_parent", "living_conditions", "needs")
        }
    m_form = VisitMeasurementForm(data, child=child, prefix="m")
    form = VisitForm(
        data,
        instance=Visit(child=child),
        initial=initial,
        child=child,
        answers=previous.answers if previous else {},
        hints=previous.notes if previous else {},
        expand_all=previous is None,
        open_domain=open_domain,
        measured=data is not None and m_form.has_changed(),
    )
    key = draft_key(user, child)
    if request.method == "POST" and not open_domain:
        if all_valid([form, m_form]):
            visit, created = actions.do_record_visit(
                user, form.save(commit=False), m_form.measurement(form.cleaned_data["visited_on"]), request=request
            )
            if created and visit.contact_only:
                messages.success(request, CONTACT_ONLY_SAVED)
            elif created:
                messages.success(request, _("Visit saved."))
            else:
                messages.info(request, _("This visit had already been saved; it was not saved twice."))
            request.session[CLEAR_DRAFT] = key
            return redirect("visit_detail", child_uuid=child.uuid, visit_uuid=visit.uuid)
        _correct_below(request, form, m_form)
    return _render_form(request, child, form, m_form, previous=previous, key=key)


def _current_version(visit: Visit) -> Visit:
    chain = actions.chain_id(visit)
    current = (
        visit.child.visits.filter(Q(pk=chain) | Q(original_id=chain), is_current=True)
        .select_related("recorded_by")
        .first()
    )
    if current is None:
        raise Http404
    current.child = visit.child
    return current


@login_required
def visit_edit(request, child_uuid, visit_uuid):
    """Edit a visit: saves a new version; the one edited stays as it was."""
    user = request.user
    child, visit = access_visit(user, child_uuid, visit_uuid)
    if not can_record(user, child):
        raise Http404
    current = visit if visit.is_current else _current_version(visit)
    if request.method != "POST" and current.pk != visit.pk:
        return redirect("visit_edit", child_uuid=child.uuid, visit_uuid=current.uuid)
    # The draft is kept under the version the form was opened on (this URL's), until saved.
    key = draft_key(user, child, visit)
    data = request.POST or None
    if data is not None and data.get("all_no") in DOMAINS:
        # "All no in this section" without JavaScript: the form again, that section answered "no".
        form = _edit_form(current, set_domain_to_no(data, data["all_no"]), open_domain=data["all_no"])
        return _render_form(request, child, form, None, editing=current, key=key)
    if data is None:
        return _render_form(request, child, _edit_form(current, None), None, editing=current, key=key)

    def save(data):
        current = _current_version(visit)  # after a merge, the form is on the newer version
        form = _edit_form(current, data)
        if not form.is_valid():
            _correct_below(request, form)
            return _render_form(request, child, form, None, editing=current, key=key)
        edited = actions.do_edit_visit(
            user, current, form.save(commit=False), seen_version=form.seen_version, request=request
        )
        request.session[CLEAR_DRAFT] = key
        if edited is None:
            messages.info(request, _("Nothing was changed."))
            return redirect("visit_detail", child_uuid=child.uuid, visit_uuid=current.uuid)
        messages.success(
            request, _("Visit saved as version %(n)s. The earlier version is kept.") % {"n": edited.version}
        )
        return redirect("visit_detail", child_uuid=child.uuid, visit_uuid=edited.uuid)

    def merge(data):
        current = _current_version(visit)
        fresh = _edit_form(current, data)
        if not fresh.is_valid():
            _correct_below(request, fresh)
            return _render_form(request, child, fresh, None, editing=current, key=key)
        note_read(request, child, what="visit_form", visit=str(current.uuid))
        return conflict(
            request,
            data,
            [(fresh, "", True)],
            title=_("Edit visit") + ": " + child.name,
            cancel_url=reverse("visit_detail", args=[child.uuid, current.uuid]),
            context={"child": child},
        )

    # On a conflict page's answer, each field picked as "now saved" takes that value (core.versioning).
    return save_merging(request, merge_choices(data), save, merge)


def _edit_form(current: Visit, data, open_domain: str = "") -> VisitForm:
    """The edit form on the current version, which names its version (the chain's) for the claim."""
    return VisitForm(
        data,
        instance=actions.copy_for_edit(current),
        initial={"lock_version": current.version},
        child=current.child,
        answers=current.answers,
        notes=current.notes,
        open_domain=open_domain,
        contact_only=current.contact_only,
    )


def _versions(visit: Visit) -> list[Visit]:
    chain = actions.chain_id(visit)
    return list(
        visit.child.visits.filter(Q(pk=chain) | Q(original_id=chain))
        .select_related("recorded_by", "measurement")
        .order_by("version", "pk")
    )


def _checklist(visit: Visit) -> list[dict]:
    by_domain: dict[str, list[dict]] = {d: [] for d in DOMAINS}
    for item in ITEMS:
        answer = visit.answers.get(item.code, UNKNOWN)
        by_domain[item.domain].append(
            {
                "code": item.code,
                "label": item_label(item.code),
                "answer": answer,
                "answer_label": answer_label(answer),
                "note": visit.notes.get(item.code, ""),
            }
        )
    return [
        {"code": d, "label": domain_label(d), "rows": rows, "yes": sum(r["answer"] == YES for r in rows)}
        for d, rows in by_domain.items()
    ]


def _trigger_facts(visit: Visit, child, age: int, measured) -> dict:
    """What the legal report triggers (risk.legal) read from this visit: its answers and measurement."""
    growth = frozenset(measured.findings) if measured and not measured.is_void else frozenset()
    return {"answers": visit.answers, "age_years": age, "sex": child.sex, "growth": growth}


def _detail(request, child, visit, comment_form=None):
    user = request.user
    versions = _versions(visit)
    current = next((v for v in versions if v.is_current), visit)
    measured = next((v.measurement for v in versions if v.measurement_id), None)
    checklist = _checklist(visit)
    age = age_on(child.date_of_birth, visit.visited_on)
    can = can_comment(user, child)
    # What a visit says (abuse, health, family) is as sensitive as the file (MPL Art. 4, 72).
    note_read(request, child, what="visit", visit=str(visit.uuid))
    response = render(
        request,
        "visits/visit_detail.html",
        {
            "child": child,
            "visit": visit,
            "current": current,
            "versions": versions,
            "checklist": checklist,
            "worrying": [row for domain in checklist for row in domain["rows"] if row["answer"] == YES],
            "unknown_count": sum(row["answer"] == UNKNOWN for domain in checklist for row in domain["rows"]),
            "triggers": [trigger_text(t) for t in legal_triggers(_trigger_facts(visit, child, age, measured))],
            "measurement": measured,
            "findings": finding_texts(measured.findings) if measured and not measured.is_void else [],
            "referral": growth_referral(measured) if can_record(user, child) else None,
            "followup": followup_of(user, child) if visit.is_current else None,
            "comments": VisitComment.objects.filter(visit__in=versions).select_related("author", "visit"),
            "comment_form": (comment_form or CommentForm()) if can else None,
            "can_edit": can_record(user, child) and visit.is_current,
            "clear_draft": request.session.pop(CLEAR_DRAFT, ""),
        },
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
def visit_detail(request, child_uuid, visit_uuid):
    child, visit = access_visit(request.user, child_uuid, visit_uuid)
    return _detail(request, child, visit)


@login_required
def visit_comment(request, child_uuid, visit_uuid):
    user = request.user
    # Scope first, for GET too: outside it, this URL is as missing as the visit (404, not 405).
    child, visit = access_visit(user, child_uuid, visit_uuid)
    if not can_comment(user, child):
        raise Http404
    if request.method != "POST":
        return redirect(reverse("visit_detail", args=[child.uuid, visit.uuid]) + "#comments")
    form = CommentForm(request.POST)
    if not form.is_valid():
        _correct_below(request, form)
        return _detail(request, child, visit, comment_form=form)
    actions.do_comment_visit(user, visit, form.cleaned_data["text"], request=request)
    messages.success(request, _("Comment saved. The person who made the visit is alerted."))
    return redirect(reverse("visit_detail", args=[child.uuid, visit.uuid]) + "#comments")


@login_required
def contact_new(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    if not can_record(user, child):
        raise Http404
    parents = list(child.household.parents.all())
    form = ContactForm(request.POST or None, instance=ParentContact(child=child), child=child, parents=parents)
    if request.method == "POST":
        if form.is_valid():
            actions.do_record_contact(user, form.save(commit=False), request=request)
            messages.success(request, _("Parent contact saved."))
            return redirect("child_visits", child_uuid=child.uuid)
        _correct_below(request, form)
    note_read(request, child, what="contact_form")
    return render(request, "visits/contact_form.html", {"child": child, "form": form})
