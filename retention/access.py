"""Who may see and change a county's retention period: that county's officers, nobody else (404)."""

from django.http import Http404

from accounts.models import User
from geo.models import Division


def county_of_officer(user: User) -> Division | None:
    """The county a user may set the retention period of, or None."""
    if not (user.is_authenticated and user.is_active and user.role == User.Role.COUNTY_OFFICER):
        return None
    division = user.division
    return division if division is not None and division.level == Division.Level.COUNTY else None


def access_county(user: User) -> Division:
    county = county_of_officer(user)
    if county is None:
        raise Http404("No retention settings for this user")
    return county
