from core.scope import scoped

from .models import Enrolment


def enrolments_for(user):
    return scoped(Enrolment.objects.all(), user)
