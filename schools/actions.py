"""Every write a school makes: absences (a sheet or one form) and dropouts.

Each action re-checks that the actor is staff of the school, owns its transaction, writes the
audit rows, and schedules the alerts and the tier recomputation on commit.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.staff import staff_by_village
from alerts.actions import do_alert
from alerts.models import Alert
from audit.actions import client_ip, do_log
from audit.models import AuditEvent
from children.actions import do_set_schooling_status
from children.choices import SchoolingStatus
from children.identity import id_birth_date
from children.signals import facts_changed
from core.errors import ActionError
from partners.access import organisations_serving
from partners.models import Organisation
from referrals.actions import do_open_statutory_referral
from referrals.models import Referral, Service
from schools.matching import Pupil, PupilMatch, match_pupils

from . import access
from .alert_kinds import DROPOUT, SCHOOL_AMBIGUOUS, TRUANCY
from .models import Absence, Dropout, SchoolUpload, UnmatchedRow
from .queries import WINDOW_DAYS, unexcused_counts
from .sheet import AbsenceRow

# MPL Art. 28: the school must register a dropout, try to bring the pupil back and report in
# writing to the education department; the referral rests on that duty, not on consent.
DROPOUT_BASIS = "MPL Art. 28 (控辍保学)"


def truancy_threshold() -> int:
    return settings.SHOUHU_TRUANCY_ABSENCES


def _check_school(actor, school: Organisation) -> None:
    if not access.is_school_staff(actor) or actor.organisation_id != school.pk:
        raise ActionError("not school staff")


def _pupil(row: AbsenceRow) -> Pupil:
    return Pupil(name=row.name, id_number=row.id_number, date_of_birth=row.date_of_birth)


@transaction.atomic
def do_record_absences(
    actor, school: Organisation, rows: list[AbsenceRow], *, kind: str, file_name: str = "", request=None
) -> SchoolUpload:
    """Record absences of a sheet or a form: matched rows become absences (re-sent rows update
    theirs), the others are kept as unmatched rows for the school. Alerts the CWD of each child
    who reaches the truancy threshold."""
    _check_school(actor, school)
    matches = match_pupils(school, [_pupil(r) for r in rows])
    upload = SchoolUpload.objects.create(
        school=school, kind=kind, uploaded_by=actor, file_name=file_name[:255], total_rows=len(rows)
    )
    absences: dict[tuple[int, date], Absence] = {}
    unmatched = []
    children = {}
    for row, match in zip(rows, matches, strict=True):
        if match.child is None:
            unmatched.append(
                UnmatchedRow(upload=upload, row_number=row.row_number, problem=match.problem, data=row.as_data())
            )
            continue
        children[match.child.pk] = match.child
        # A sheet may name a pupil's day twice; the later row wins, as on re-sending.
        absences[(match.child.pk, row.date)] = Absence(
            child=match.child, school=school, date=row.date, excused=row.excused, reason=row.reason, upload=upload
        )
    # The (child, date) constraint makes re-sending a sheet update rows instead of adding them,
    # and makes two uploads racing on the same day safe.
    Absence.objects.bulk_create(
        absences.values(),
        update_conflicts=True,
        unique_fields=["child", "date"],
        update_fields=["school", "excused", "reason", "upload", "updated_at"],
        batch_size=1000,
    )
    UnmatchedRow.objects.bulk_create(unmatched, batch_size=1000)
    upload.matched_rows, upload.unmatched_rows = len(rows) - len(unmatched), len(unmatched)
    upload.save(update_fields=["matched_rows", "unmatched_rows"])
    per_child: dict[int, int] = {}
    for child_id, _day in absences:
        per_child[child_id] = per_child.get(child_id, 0) + 1
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                child_id=child_id,
                ip_address=ip,
                details={"school_absences": n, "school": school.name, "upload": str(upload.uuid)},
            )
            for child_id, n in per_child.items()
        ]
    )
    do_log(
        actor,
        AuditEvent.Action.CREATE,
        request=request,
        details={
            "school_upload": str(upload.uuid),
            "kind": kind,
            "rows": len(rows),
            "matched": upload.matched_rows,
            "unmatched": upload.unmatched_rows,
        },
    )
    _alert_truancy(school, children)
    _alert_ambiguous(school, rows, matches)
    facts_changed(list(children), "school")
    return upload


def _alert_truancy(school: Organisation, children: dict) -> None:
    if not children:
        return
    today = timezone.localdate()
    counts = unexcused_counts(list(children), today)
    due = [cid for cid, n in counts.items() if n >= truancy_threshold()]
    if not due:
        return
    # At most one truancy alert per child in any 30 days, whoever sends the sheets.
    recent = set(
        Alert.objects.filter(
            kind=TRUANCY, child_id__in=due, created_at__gte=timezone.now() - timedelta(days=WINDOW_DAYS)
        ).values_list("child_id", flat=True)
    )
    due = [cid for cid in due if cid not in recent]
    staff = staff_by_village({children[cid].village_id for cid in due}, User.Role.CWD)
    for cid in due:
        child = children[cid]
        do_alert(
            staff[child.village_id],
            TRUANCY,
            child=child,
            params={"count": counts[cid], "days": WINDOW_DAYS, "school": school.name},
            dedupe_key=f"truancy:{cid}:{today.isoformat()}",
        )


def _alert_ambiguous(school: Organisation, rows: list[AbsenceRow], matches: list[PupilMatch]) -> None:
    """Tell the CWD and the supervisor of each child an ambiguous row could be (never the school).

    Two open files with one name and date of birth are most often one child registered twice;
    otherwise the school's sheet needs the ID number. Once per school and set of children: the
    same pupil on every weekly sheet is one problem, not one alert a week.
    """
    ambiguous = {}
    for row, match in zip(rows, matches, strict=True):
        if match.candidates:
            ambiguous.setdefault(tuple(sorted(c.pk for c in match.candidates)), (row, match.candidates))
    if not ambiguous:
        return
    villages = {c.village_id for _row, candidates in ambiguous.values() for c in candidates}
    staff = staff_by_village(villages, User.Role.CWD, User.Role.SUPERVISOR)
    for pks, (row, candidates) in ambiguous.items():
        born = row.date_of_birth or id_birth_date(row.id_number)
        for child in candidates:
            do_alert(
                staff[child.village_id],
                SCHOOL_AMBIGUOUS,
                child=child,
                params={"school": school.name, "pupil": row.name, "born": born.isoformat(), "count": len(pks)},
                dedupe_key=f"school_ambiguous:{school.pk}:{'-'.join(map(str, pks))}:{child.pk}",
            )


@dataclass
class DropoutResult:
    upload: SchoolUpload
    dropout: Dropout | None  # None when the pupil matched no open child
    problem: str = ""
    bureau: Organisation | None = None


def education_bureau_for(village) -> Organisation | None:
    """The nearest active education bureau whose area contains the village."""
    bureaus = organisations_serving(village).filter(type=Organisation.Type.EDUCATION_BUREAU)
    # Longer division codes are nearer areas (a township office before the county bureau).
    return max(bureaus, key=lambda o: (len(o.division_id), -o.pk), default=None)


@transaction.atomic
def do_report_dropout(actor, school: Organisation, row: AbsenceRow, *, request=None) -> DropoutResult:
    """A pupil has left school: record it, mark the child's schooling as dropped out, refer the
    child to the education bureau for return to school, and alert the CWD and the supervisor.

    `row.date` is the last day at school and `row.reason` what the school knows of why.
    """
    _check_school(actor, school)
    match = match_pupils(school, [_pupil(row)])[0]
    upload = SchoolUpload.objects.create(
        school=school,
        kind=SchoolUpload.Kind.DROPOUT,
        uploaded_by=actor,
        total_rows=1,
        matched_rows=int(match.child is not None),
        unmatched_rows=int(match.child is None),
    )
    if match.child is None:
        UnmatchedRow.objects.create(upload=upload, row_number=1, problem=match.problem, data=row.as_data())
        _alert_ambiguous(school, [row], [match])
        return DropoutResult(upload, None, match.problem)
    child = match.child
    bureau = education_bureau_for(child.village)
    referral = _open_return_referral(actor, child, school, bureau, row.reason, request)
    dropout = Dropout.objects.create(
        child=child,
        school=school,
        left_on=row.date,
        reason=row.reason,
        reported_by=actor,
        referral=referral,
        upload=upload,
    )
    do_set_schooling_status(
        actor,
        child,
        SchoolingStatus.DROPPED_OUT,
        request=request,
        details={"school": school.name, "dropout": str(dropout.uuid)},
    )
    staff = staff_by_village({child.village_id}, User.Role.CWD, User.Role.SUPERVISOR)[child.village_id]
    do_alert(
        staff,
        DROPOUT,
        child=child,
        params={
            "school": school.name,
            "date": row.date.isoformat(),
            "reason": row.reason,
            "bureau": bureau.name if bureau else "",
        },
        dedupe_key=f"dropout:{dropout.pk}",
    )
    facts_changed([child.pk], "school")
    return DropoutResult(upload, dropout, "", bureau)


def _open_return_referral(actor, child, school, bureau, reason: str, request) -> Referral | None:
    """The child's open return-to-school referral, or a new one to the bureau; None without a bureau."""
    if bureau is None:
        return child.referrals.filter(service=Service.SCHOOL_RETURN, status__in=Referral.OPEN).first()
    return do_open_statutory_referral(
        actor,
        child,
        bureau,
        service=Service.SCHOOL_RETURN,
        urgency=Referral.Urgency.HIGH,
        need=reason,
        statutory_basis=DROPOUT_BASIS,
        note=f"{school.name}: {reason}",
        request=request,
    )
