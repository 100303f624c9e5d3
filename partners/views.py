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
from core.versioning import conflict, merge_choices, save_merging
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
    if request.method != "POST":
        return render(request, "partners/organisation_form.html", {"form": _form(org, None, divisions), "org": org})

    def save(data):
        if org is not None:
            org.refresh_from_db()  # after a merge, the form is on the newer version
        form = _form(org, data, divisions)
        if not form.is_valid():
            return render(request, "partners/organisation_form.html", {"form": form, "org": org})
        do_save_organisation(user, org, form.cleaned_data, seen_version=form.seen_version, request=request)
        messages.success(request, _("Saved."))
        return redirect("directory")

    def merge(data):
        org.refresh_from_db()
        fresh = _form(org, data, divisions)
        if not fresh.is_valid():
            return render(request, "partners/organisation_form.html", {"form": fresh, "org": org})
        return conflict(request, data, [(fresh, "", True)], title=org.name, cancel_url=reverse("directory"))

    # On a conflict page's answer, each field picked as "now saved" takes that value.
    return save_merging(request, merge_choices(request.POST), save, merge)


def _form(org, data, divisions) -> OrganisationForm:
    """The form on the entry as saved now (with its version), bound to `data` when given."""
    initial = {}
    if org is not None:
        initial = {f: getattr(org, f) for f in FIELDS if f != "division"}
        initial |= {"division": org.division_id, "lock_version": org.lock_version}
    return OrganisationForm(data, divisions=divisions, initial=initial)
