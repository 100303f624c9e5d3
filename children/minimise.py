"""Erasing the registry's own personal data from files kept only for statistics (PIPL Art. 19, 47).

`retention.services` calls these for the children whose closure is older than their county's
retention period (retention.models.RetentionPolicy); the apps built on the registry erase their
own records through `retention.registry`. What statistics need stays: the village, sex, year and
month of birth, hukou type, categories, schooling and health status, disability, status and
closure reason and date. Direct identifiers and free text go. Every write is an ORM update, so
that fields stored encrypted are written through their field class ("" stays "").
"""

from django.conf import settings
from django.db.models import F
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .access import children_for_jobs
from .models import ChildTransfer, Household, HouseholdMember, Parent

ERASED = _("Personal data erased")


def erased() -> str:
    """The placeholder written where a required text was erased, in the site's language.

    It is stored, not computed when shown, so it reads in the deployment's language for everyone.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return str(ERASED)


def minimise_children(child_ids: list[int]) -> list[str]:
    """Erase the identity and free text of these children's files; returns the photo files to
    delete from storage (the caller deletes them after the transaction commits)."""
    files = children_for_jobs().filter(pk__in=child_ids)
    photos = [p for p in files.values_list("photo", flat=True) if p]
    files.update(
        name=erased(),
        name_pinyin="",
        name_initials="",
        id_number="",
        address="",
        school="",
        health_note="",
        photo="",
        returned_note="",
        closure_note="",
        other_category_note="",
        # The month is enough for ages in statistics; the exact day identifies.
        date_of_birth=TruncMonth("date_of_birth"),
        lock_version=F("lock_version") + 1,
        minimised_on=timezone.localdate(),
    )
    ChildTransfer.objects.filter(child_id__in=child_ids).update(reason="")
    return photos


def minimise_households(household_ids: list[int]) -> None:
    """Erase the parents', caregiver's and other members' identity in these households.

    Only for households none of whose children still needs them (the caller decides).
    """
    Household.objects.filter(pk__in=household_ids).update(
        address="",
        caregiver_name="",
        caregiver_relation_other="",
        caregiver_phone="",
        caregiver_reason="",
        lock_version=F("lock_version") + 1,
    )
    Parent.objects.filter(household_id__in=household_ids).update(
        name="",
        id_number="",
        phone="",
        condition_evidence="",
        work_city="",
        lock_version=F("lock_version") + 1,
    )
    HouseholdMember.objects.filter(household_id__in=household_ids).update(name=erased(), note="")
