"""The allowance card on the child's profile, and the top bar's link."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import panels
from core.scope import in_scope

from . import access, actions, queries
from .models import Application, Category


@panels.register("child_profile", order=35)
def child_allowance(request, child) -> str:
    user = request.user
    if user.role == User.Role.PARTNER or not in_scope(user, child.village_id):
        return ""
    benefit = queries.running_benefit(user, child)
    app = queries.latest_application(user, child)
    if app is not None and app.status not in Application.OPEN and (benefit is not None or app.status == "approved"):
        app = None  # a decided application is shown on the allowance itself
    context = {"child": child, "benefit": benefit, "app": app, "can_see_amounts": access.can_see_amounts(user)}
    if benefit is None and (app is None or app.status == Application.Status.REFUSED):
        if not access.can_apply(user, child):
            return ""
        # Only when nothing is running or in progress: the file's verdict, to apply or to ask anyway.
        eligible = [(value, Category(value).label) for value in actions.derived_categories(child)]
        context |= {"eligible": eligible, "can_apply": True}
    return panels.render_template("benefits/_child.html", context, request)


@panels.register("nav", order=75)
def nav(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    if access.can_see_rolls(user) and user.role == User.Role.FINANCE:
        return panels.nav_link("benefit_rolls", _("Payment rolls"), more=False)
    if user.role in (User.Role.CWD, User.Role.SUPERVISOR, User.Role.COUNTY_OFFICER):
        return panels.nav_link("benefit_home", _("Allowances"), more=True)
    return ""
