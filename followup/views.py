"""Tier overrides by hand. The pages that list follow-up rows (Today, the follow-up page) are in
dashboards; the risk card on the child's profile is a panel (followup/panels.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from children.access import access_child

from . import access, actions
from .forms import OverrideForm


@login_required
@require_POST
def override(request, child_uuid):
    child = access_child(request.user, child_uuid)
    if not access.can_override(request.user, child):
        raise Http404
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("child_detail", child_uuid=child.uuid)
    d = form.cleaned_data
    actions.do_override(request.user, child, d["tier"], d["reason"], d["expires_on"], request=request)
    messages.success(request, _("The tier is set until %(date)s.") % {"date": d["expires_on"].isoformat()})
    return redirect("child_detail", child_uuid=child.uuid)


@login_required
@require_POST
def end_override(request, child_uuid):
    child = access_child(request.user, child_uuid)
    if not access.can_override(request.user, child):
        raise Http404
    actions.do_end_override(request.user, child, request=request)
    return redirect("child_detail", child_uuid=child.uuid)
