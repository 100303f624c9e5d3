"""Which divisions a user may pick and look at: their own reach and what lies inside it."""

from django.http import Http404

from core.scope import has_national_scope, scope_division

from .models import Division


def villages_for(user):
    """Villages the user may register children in or transfer children to."""
    if has_national_scope(user):
        return Division.objects.villages()
    division = scope_division(user)
    if division is None:
        return Division.objects.none()
    return Division.objects.within(division).villages()


def areas_for(user):
    """The divisions one level below the user's own: a county's townships, a township's villages."""
    division = scope_division(user)
    if division is None:
        if has_national_scope(user):
            return Division.objects.filter(level=Division.Level.PROVINCE)
        return Division.objects.none()
    return Division.objects.filter(parent=division)


def divisions_for(user):
    if has_national_scope(user):
        return Division.objects.all()
    division = scope_division(user)
    if division is None:
        return Division.objects.none()
    return Division.objects.within(division)


def access_division(user, code: str) -> Division:
    """The division with this code if it lies within the user's reach; Http404 otherwise."""
    try:
        return divisions_for(user).get(code=code)
    except Division.DoesNotExist:
        raise Http404("No such division") from None
