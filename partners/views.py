"""The partner directory's edit page (county officers). The list with each organisation's open
referrals is the referrals app's page (referrals.views.directory)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.scope import has_national_scope, scope_division
from core.versioning import StaleEdit, conflict, merge_choices, render_conflict
from geo.models import Division

from .access import organisations_for
from .actions import FIELDS, do_save_organisation
from .forms import OrganisationForm
from .models import Organisation


@login_required
def organisation_edit(request, org_uuid=None):
    user = request.user
    if user.role != User.Role.COUNTY_OFFICER and not has_national_scope(user):
        raise Http404
    org = None
    if org_uuid:
        try:
            org = organisations_for(user).get(uuid=org_uuid)
        except (Organisation.DoesNotExist, ValueError):
            raise Http404 from None
    scope = scope_division(user)
    divisions = Division.objects.within(scope).filter(level__lte=4) if scope else Division.objects.filter(level=3)
    data = merge_choices(request.POST) if request.method == "POST" else None
    form = _form(org, data, divisions)
    if request.method == "POST" and form.is_valid():
        try:
            do_save_organisation(user, org, form.cleaned_data, seen_version=form.seen_version, request=request)
        except StaleEdit:
            org.refresh_from_db()
            fresh = _form(org, data, divisions)
            fresh.is_valid()
            page = conflict(data, [(fresh, "", True)], title=org.name, cancel_url=reverse("directory"))
            return render_conflict(request, page)
        messages.success(request, _("Saved."))
        return redirect("directory")
    return render(request, "partners/organisation_form.html", {"form": form, "org": org})


def _form(org, data, divisions) -> OrganisationForm:
    """The form on the entry as saved now (with its version), bound to `data` when given."""
    initial = {}
    if org is not None:
        initial = {f: getattr(org, f) for f in FIELDS if f != "division"}
        initial |= {"division": org.division_id, "lock_version": org.lock_version}
    return OrganisationForm(data, divisions=divisions, initial=initial)
