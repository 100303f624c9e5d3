"""The retention app's parts of other pages: the county's link and the minimised file's notice."""

from django.utils.translation import gettext as _

from core import panels

from .access import county_of_officer


@panels.register("nav", order=100)
def nav_retention(request) -> str:
    if county_of_officer(request.user) is None:
        return ""
    return panels.nav_link("retention", _("Data retention"), more=True)


@panels.register("child_profile", order=5)
def minimised_notice(request, child) -> str:
    """On a minimised file: why the name and the notes are gone. The page checked access to the child."""
    marker = getattr(child, "minimised", None) if child.is_closed else None
    if marker is None or marker.closed_on != child.closed_on:
        return ""
    return panels.render_template("retention/_minimised.html", {"marker": marker}, request)
