"""Partner organisations: schools, clinics, bureaus, police, NGOs that receive referrals."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versioning import Versioned


class Service(models.TextChoices):
    """The service catalogue partner organisations offer (DOMAIN.md §2 W11, §4);
    referrals name the service they ask for."""

    HEALTH = "health", _("Health care")
    NUTRITION = "nutrition", _("Nutrition")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    EDUCATION = "education", _("Education support")
    SCHOOL_RETURN = "school_return", _("Return to school (控辍保学)")
    LEGAL_AID = "legal_aid", _("Legal aid")
    TEMPORARY_CARE = "temporary_care", _("Temporary care")
    MATERIAL_AID = "material_aid", _("Material aid")
    FAMILY_SUPPORT = "family_support", _("Family support and parenting")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    BENEFITS = "benefits", _("Social assistance and benefits")
    PROTECTION = "protection", _("Child protection and investigation")


class Organisation(Versioned):
    class Type(models.TextChoices):
        SCHOOL = "school", _("School")
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        TOWNSHIP_HEALTH_CENTRE = "township_health_centre", _("Township health centre")
        COUNTY_HOSPITAL = "county_hospital", _("County hospital")
        CIVIL_AFFAIRS_BUREAU = "civil_affairs_bureau", _("Civil-affairs bureau")
        PROTECTION_CENTRE = "protection_centre", _("Minor rescue and protection centre")
        POLICE_STATION = "police_station", _("Police station")
        EDUCATION_BUREAU = "education_bureau", _("Education bureau")
        WOMENS_FEDERATION = "womens_federation", _("Women's federation")
        DISABLED_FEDERATION = "disabled_federation", _("Disabled persons' federation")
        SOCIAL_WORK_STATION = "social_work_station", _("Social-work station")
        NGO = "ngo", _("NGO")
        WELFARE_INSTITUTION = "welfare_institution", _("Welfare institution")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("organisation name"), max_length=200)
    type = models.CharField(_("type"), max_length=40, choices=Type.choices)
    # The area the organisation serves; its staff's reach never exceeds the referrals made
    # to it, whatever this area is.
    division = models.ForeignKey(
        "geo.Division", models.PROTECT, related_name="organisations", verbose_name=_("area served")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    # Codes of the Service catalogue above.
    services = models.JSONField(_("services offered"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("open referrals it can take"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="organisation_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name
