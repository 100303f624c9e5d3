from datetime import date

from django.db import transaction

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from audit.actions import do_log
from children.access import can_edit
from children.signals import facts_changed
from core.errors import ActionError

from .alert_kinds import ENROLLED
from .audit_actions import ENROL
from .models import Enrolment


@transaction.atomic
def do_enrol(actor, child, class_name: str, enrolled_on: date) -> Enrolment:
    if not can_edit(actor, child):
        raise ActionError("not allowed")
    enrolment = Enrolment.objects.create(
        child=child, village_id=child.village_id, class_name=class_name, enrolled_on=enrolled_on, created_by=actor
    )
    do_log(actor, ENROL, child=child, details={"class": class_name})
    do_alert(
        staff_by_village({child.village_id}, User.Role.CWD)[child.village_id],
        ENROLLED,
        child=child,
        params={"class": class_name},
        dedupe_key=f"afterschool:{enrolment.pk}",
    )
    facts_changed([child.pk], "afterschool")
    return enrolment
