"""A child's place in a village's after-school class (四点半课堂), where left-behind pupils do
their homework under supervision until their caregiver collects them."""

from django.conf import settings
from django.db import models

from children.models import VillageScoped


class Enrolment(VillageScoped):
    child = models.ForeignKey("children.Child", models.CASCADE, related_name="after_school_enrolments")
    class_name = models.CharField(max_length=100)
    enrolled_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-enrolled_on", "-id"]

    def __str__(self) -> str:
        return self.class_name
