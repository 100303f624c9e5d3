"""The county's retention page: the period after which closed files lose their personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import conflict, merge_choices, save_merging

from . import access, actions, services
from .forms import PolicyForm


def _form(policy, data=None) -> PolicyForm:
    initial = {
        "minimise_after_years": policy.minimise_after_years,
        "note": policy.note,
        "lock_version": policy.lock_version,
    }
    return PolicyForm(data, initial=initial)


@login_required
def retention_settings(request):
    county = access.access_county(request.user)
    if request.method == "POST":

        def save(data):
            form = _form(actions.policy_of(county), data)
            if not form.is_valid():
                return _page(request, county, form)
            d = form.cleaned_data
            actions.do_set_policy(
                request.user,
                county,
                years=d["minimise_after_years"],
                note=d["note"],
                seen_version=form.seen_version,
                request=request,
            )
            messages.success(request, _("The retention period is saved."))
            return redirect("retention")

        def merge(data):
            fresh = _form(actions.policy_of(county), data)
            if not fresh.is_valid():
                return _page(request, county, fresh)
            return conflict(
                request, data, [(fresh, "", True)], title=_("Data retention"), cancel_url=reverse("retention")
            )

        # On a conflict page's answer, each field picked as "now saved" takes that value.
        return save_merging(request, merge_choices(request.POST), save, merge)
    return _page(request, county, _form(actions.policy_of(county)))


def _page(request, county, form):
    today = timezone.localdate()
    county_plan = services.plan(today, [county.code])[0]
    return render(
        request,
        "retention/settings.html",
        {
            "county": county,
            "form": form,
            "plan": county_plan,
            "cutoff": services.cutoff(today, county_plan.years),
        },
    )
