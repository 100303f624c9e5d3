"""Pages of the family link: the parent's own page (their children, notices to answer, calls to
log, the entrustment), joining with the code, and the CWD's family page for a child."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.reads import note_read
from core.errors import ActionError

from . import access, actions
from .forms import ANSWERS, AnswerForm, CallForm, EntrustmentForm, InviteForm, JoinForm, NoticeForm


def join(request):
    """No login: the phone number, the code from the text message and a password."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = actions.do_verify(d["phone"], d["code"], d["password"])
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("family_home")
    return render(request, "family/join.html", {"form": form})


@login_required
def home(request):
    """The parent's page: each linked child with what the family may see and do."""
    user = request.user
    if not access.is_parent(user):
        raise Http404
    links = list(access.my_links(user))
    today = timezone.localdate()
    cards = []
    for link in links:
        cards.append(
            {
                "link": link,
                "notices": access.notices_of(link),
                "calls": link.calls.all()[:5],
                "entrustment": link.child.entrustments.first(),
                "call_form": CallForm(initial={"on": today, "mode": "video"}, prefix=f"c{link.pk}"),
                "entrust_form": EntrustmentForm(prefix=f"e{link.pk}"),
                "answer_form": AnswerForm(prefix=f"a{link.pk}"),
            }
        )
    note_read(request, [link.child_id for link in links], what="family_parent", why="family")
    return render(request, "family/home.html", {"cards": cards, "answers": ANSWERS})


@login_required
@require_POST
def log_call(request, link_pk: int):
    link = access.access_my_link(request.user, link_pk)
    form = CallForm(request.POST, prefix=f"c{link.pk}")
    if form.is_valid():
        try:
            actions.do_log_call(request.user, link, **form.cleaned_data)
            messages.success(request, _("Thank you: the call is recorded."))
        except ActionError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("Say when and how you talked with the child."))
    return redirect("family_home")


@login_required
@require_POST
def entrust(request, link_pk: int):
    link = access.access_my_link(request.user, link_pk)
    form = EntrustmentForm(request.POST, prefix=f"e{link.pk}")
    if form.is_valid():
        try:
            actions.do_confirm_entrustment(request.user, link, **form.cleaned_data)
            messages.success(request, _("Thank you: the Child Welfare Director has been told."))
        except ActionError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("Fill in who looks after the child, since when, and tick the statement."))
    return redirect("family_home")


@login_required
@require_POST
def answer(request, link_pk: int, notice_pk: int):
    link = access.access_my_link(request.user, link_pk)
    notice = access.my_notice(request.user, link, notice_pk)
    form = AnswerForm(request.POST, prefix=f"a{link.pk}")
    if form.is_valid():
        actions.do_answer(request.user, link, notice, form.cleaned_data["answer"])
        messages.success(request, _("Your answer was sent."))
    else:
        messages.error(request, _("Write your answer."))
    return redirect("family_home")


@login_required
def child_family(request, child_uuid):
    """The CWD's family page for a child: who is linked, their calls and last contact, notices and
    answers, the entrustment; invite a parent or caregiver; write to the family."""
    child = access.staff_child(request.user, child_uuid)
    invite_form = InviteForm(request.POST if request.POST.get("form") == "invite" else None)
    notice_form = NoticeForm(request.POST if request.POST.get("form") == "notice" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "invite" and invite_form.is_valid():
                actions.do_invite(request.user, child, **invite_form.cleaned_data)
                messages.success(request, _("The code was sent by text message."))
                return redirect("family_child", child.uuid)
            if request.POST.get("form") == "notice" and notice_form.is_valid():
                actions.do_send_notice(request.user, child, notice_form.cleaned_data["text"])
                messages.success(request, _("The notice was sent to the family."))
                return redirect("family_child", child.uuid)
        except ActionError as e:
            messages.error(request, str(e))
    note_read(request, child, what="family")
    family = access.family_of(child)
    parents = {p.role: p for p in child.household.parents.all()}
    family["links"] = [(link, parents.get(link.relation)) for link in family["links"]]
    return render(
        request,
        "family/child.html",
        {"child": child, **family, "invite_form": invite_form, "notice_form": notice_form},
    )
