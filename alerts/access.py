"""Who sees which alerts: each user only their own inbox."""

from django.db.models import QuerySet

from .models import Alert


def alerts_for(user) -> QuerySet[Alert]:
    if not user.is_authenticated or not user.is_active:
        return Alert.objects.none()
    return Alert.objects.filter(recipient=user)
