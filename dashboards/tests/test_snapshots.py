"""The daily snapshot: the same figures as live counts, rolled up, replaced on a re-run, kept fresh
after a change, and read by the overview and the follow-up page."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from children import queries as children_queries
from children.access import children_for
from children.choices import Status
from children.models import Child
from conftest import make_child
from core import indicators
from dashboards import demo as dashboards_demo
from dashboards import snapshots
from dashboards.board import trend_days
from dashboards.models import Figure
from dashboards.protection import protection_from_snapshot, protection_overview
from dashboards.summary import missed_by_area, missed_from_snapshot
from dashboards.views import _overview_row
from demo.tests.test_demo import COUNTY, DIVISIONS
from followup import services as followup_services
from followup.models import FollowUp
from geo.models import Division


def figure(day, area, indicator) -> int:
    row = Figure.objects.filter(day=day, area=area, indicator=indicator).first()
    return row.value if row else 0


# On the demo county: the snapshot says what the live counts say


@pytest.fixture
def demo_county(db, settings):
    for code, name, level, parent in DIVISIONS:
        Division.objects.create(code=code, name=name, level=level, parent_id=parent, full_name=name)
    settings.SHOUHU_DEMO_PASSWORD = "demo-pass-snap-1"
    call_command("seed_demo", county=COUNTY, children=240, seed=5, stdout=StringIO())
    return Division.objects.get(code=COUNTY)


def _live(user, area, day):
    rows, total = children_queries.overview(children_for(user), area)
    protection = protection_overview(user, area)
    missed = missed_by_area(user, area, day, protection)
    return rows, total, protection, missed


def _from_snapshot(area, day):
    divisions = list(Division.objects.filter(parent=area).order_by("code"))
    below, own = snapshots.figures_below(day, area.code)
    rows = [_overview_row(d, below.get(d.code, {})) for d in divisions]
    return (
        rows,
        _overview_row(None, own),
        protection_from_snapshot(divisions, below, own),
        missed_from_snapshot(divisions, below, own),
    )


def _comparable(rows, total, protection, missed):
    from dashboards.protection import FIGURES as P
    from dashboards.summary import FIGURES as M

    def prot(r):
        return [r.division and r.division.code, *(getattr(r, k) for k in P)]

    def miss(r):
        return [r.division and r.division.code, *(getattr(r, k) for k in M)]

    return (
        [(r.division.code, r.open, r.closed, r.by_status, r.by_category) for r in rows],
        (total.open, total.closed, total.by_status, total.by_category),
        [prot(r) for r in protection[0]],
        prot(protection[1]),
        [miss(r) for r in missed[0]],
        miss(missed[1]),
    )


def test_snapshot_figures_equal_live_counts_on_the_demo_county(demo_county):
    day = timezone.localdate()
    county_user = User.objects.get(username="county")
    assert snapshots.taken_at(day, COUNTY) is not None  # the demo took today's
    areas = [demo_county, *Division.objects.filter(parent=demo_county)]
    for area in areas:
        live = _comparable(*_live(county_user, area, day))
        assert _comparable(*_from_snapshot(area, day)) == live, area.code
    # Figures the pages do not show, counted independently.
    open_files = Child.objects.filter(village__code__startswith=COUNTY).exclude(status=Status.CLOSED)
    assert figure(day, COUNTY, "files_open") == open_files.count() > 0
    assert figure(day, COUNTY, "files_left_behind") == open_files.filter(cat_rural_left_behind=True).count()
    due = FollowUp.objects.filter(village_id__startswith=COUNTY, due_on__lte=day)
    assert figure(day, COUNTY, "visits_due") == due.count() > 0
    assert figure(day, COUNTY, "visits_done_30d") > 0
    assert 0 < figure(day, COUNTY, "visits_on_time_30d") <= figure(day, COUNTY, "visits_done_30d")
    bands = sum(figure(day, COUNTY, f"reports_days_{b}") for b in ("0_3", "4_7", "8_15", "16_30", "31_plus"))
    assert bands == figure(day, COUNTY, "reports_answered_30d")


def test_the_demo_keeps_the_trend_month_ends_and_today(demo_county):
    today = timezone.localdate()
    days = sorted(set(Figure.objects.filter(area=COUNTY, indicator="files_open").values_list("day", flat=True)))
    assert days == trend_days(today, dashboards_demo.MONTHS)
    assert all(d == (d + timedelta(days=1)).replace(day=1) - timedelta(days=1) for d in days[:-1])  # month ends


def test_the_overview_and_follow_up_page_show_the_same_figures_from_a_snapshot_as_live(demo_county, login):
    client = login(User.objects.get(username="county"))
    keys = ("rows", "total", "protection", "protection_total", "summary")
    snap = client.get(reverse("overview"))
    assert snap.context["as_of"] is not None
    shown = client.get(reverse("followup_overdue"))
    assert "data-as-of" in snap.content.decode()
    assert "data-as-of" in shown.content.decode()
    Figure.objects.all().delete()
    live = client.get(reverse("overview"))
    assert live.context["as_of"] is None
    assert "data-live" in live.content.decode()
    for key in keys:
        assert _shown(snap.context[key]) == _shown(live.context[key]), key
    assert _tables(snap) == _tables(live)  # and the page reads the same, cell for cell
    live_followup = client.get(reverse("followup_overdue"))
    assert _shown(list(shown.context["areas"])) == _shown(list(live_followup.context["areas"]))
    assert _shown(shown.context["total"]) == _shown(live_followup.context["total"])
    assert shown.context["red"].paginator.count == live_followup.context["red"].paginator.count


def _tables(response) -> list[str]:
    return re.findall(r"<table.*?</table>|<dl class=\"tiles\".*?</dl>", response.content.decode(), re.S)


def _shown(value):
    """What a page shows of a row or a list of rows: each figure, a missing one being 0."""
    if isinstance(value, list):
        return [_shown(v) for v in value]
    division = value.division.code if value.division else None
    if hasattr(value, "figures"):
        return division, {k: v for k, v in value.figures.items() if v}
    return division, value.open, value.closed, value.by_status, value.by_category


# Roll-ups, re-runs and the nightly job (the conftest counties)


def test_areas_roll_up_from_villages_and_above_the_county_from_every_county(people, geo):
    day = timezone.localdate()
    for _ in range(3):
        make_child(geo["village_a"])
    make_child(geo["village_c"], categories=())
    make_child(geo["village_d"])
    make_child(geo["village_d"])
    snapshots.take_snapshot(day, "511324")
    snapshots.take_snapshot(day, "511321")
    assert [figure(day, a, "files_open") for a in ("511324100201", "511324100", "511324101", "511324")] == [3, 3, 1, 4]
    assert figure(day, "511321", "files_open") == 2
    assert figure(day, "5113", "files_open") == figure(day, "51", "files_open") == figure(day, "", "files_open") == 6
    assert figure(day, "", "files_left_behind") == 5
    levels = dict(Figure.objects.filter(day=day, indicator="files_open").values_list("area", "level"))
    assert levels[""] == 0
    assert levels["51"] == 1
    assert levels["5113"] == 2
    assert levels["511324100201"] == 5

    # A county snapshotted again after a change: its rows are replaced, the sums above stay right.
    make_child(geo["village_b"])
    snapshots.take_snapshot(day, "511324")
    assert figure(day, "511324", "files_open") == 5
    assert figure(day, "", "files_open") == 7
    assert Figure.objects.filter(day=day, area="", indicator="files_open").count() == 1


def test_a_rerun_replaces_the_days_rows_rather_than_doubling_them(people, kids):
    day = timezone.localdate()
    first = snapshots.take_snapshot(day, "511324")
    rows = Figure.objects.count()
    again = snapshots.take_snapshot(day, "511324")
    assert first == again
    assert Figure.objects.count() == rows
    assert figure(day, "511324", "files_open") == 3
    other_day = day - timedelta(days=1)
    snapshots.take_snapshot(other_day, "511324")
    assert figure(day, "511324", "files_open") == 3  # days kept apart: yesterday, before the files were
    assert figure(other_day, "511324", "files_open") == 0  # registered, counts none of them


def test_the_nightly_job_snapshots_every_county_with_children(people, kids):
    jobs = settings.SHOUHU_NIGHTLY_JOBS
    assert jobs.index("dashboards.snapshots.nightly") > jobs.index("followup.services.recompute_all")
    followup_services.recompute_all(today=date.today())
    today = timezone.localdate()
    assert snapshots.nightly(today=today)["counties"] == 2
    assert snapshots.taken_at(today, "511324")
    assert snapshots.taken_at(today, "511321")
    assert figure(today, "", "files_open") == 4
    assert figure(today, "511324", "visits_due") == 3  # never visited: due at once


def test_a_school_sheets_unmatched_rows_count_in_the_schools_township_not_in_a_village(people, geo):
    from partners.models import Organisation
    from schools.models import SchoolUpload, UnmatchedRow

    school = Organisation.objects.create(name="金城小学", type="school", division=geo["t1"])
    upload = SchoolUpload.objects.create(school=school, kind="absence", total_rows=2, unmatched_rows=2)
    for n in (1, 2):
        UnmatchedRow.objects.create(upload=upload, row_number=n, problem="no_match", data={})
    day = timezone.localdate()
    snapshots.take_snapshot(day, "511324")
    assert figure(day, "511324100", "pupils_unmatched") == figure(day, "511324", "pupils_unmatched") == 2
    assert not Figure.objects.filter(level=5, indicator="pupils_unmatched").exists()


# Freshness: a change books one refresh of its county's snapshot


def test_a_change_books_one_debounced_refresh_of_a_county_with_a_snapshot(people, kids):
    path = snapshots.refresh_county.module_path
    snapshots.changed(["511324100201"])
    assert not DBTaskResult.objects.filter(task_path=path).exists()  # no snapshot today: pages count live
    snapshots.take_snapshot(timezone.localdate(), "511324")
    snapshots.changed(["511324100201"])
    snapshots.changed(["511324101201", "511324100202"])
    booked = DBTaskResult.objects.filter(task_path=path, status="READY")
    assert booked.count() == 1
    assert booked.get().args_kwargs["args"] == ["511324"]
    assert booked.get().run_after > timezone.now() + timedelta(minutes=2)


def test_a_visit_recorded_books_the_refresh_after_commit(people, kids, django_capture_on_commit_callbacks):
    from children.signals import facts_changed

    snapshots.take_snapshot(timezone.localdate(), "511324")
    with django_capture_on_commit_callbacks(execute=True):
        facts_changed([kids["a"].pk], "visit")
    assert DBTaskResult.objects.filter(task_path=snapshots.refresh_county.module_path).count() == 1
    snapshots.refresh_county.call("511324")  # what the worker runs
    assert figure(timezone.localdate(), "511324", "files_open") == 3


# Definitions


LANGUAGES = ("zh-hans", "en", "ja")


@pytest.mark.parametrize("indicator", [i.code for i in indicators.indicators()])
def test_every_indicator_has_a_complete_definition_in_three_languages(indicator):
    ind = indicators.get(indicator)
    assert ind.group
    if ind.of:
        indicators.get(ind.of)  # the denominator is an indicator too
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = [str(ind.label), str(ind.counts), str(ind.period), str(ind.source)]
        assert all(t.strip() for t in texts[language]), (indicator, language)
    # Chinese and Japanese are translations, not the English text left in place.
    for language in ("zh-hans", "ja"):
        assert all(t != e for t, e in zip(texts[language], texts["en"], strict=True)), (indicator, language)


def test_left_behind_says_which_definition_it_counts():
    with translation.override("en"):
        counts = str(indicators.get("files_left_behind").counts)
    assert "MCA ledger" in counts
    assert "under 16" in counts
    assert "census" in counts
    assert "61–69 million" in counts
    with translation.override("zh-hans"):
        assert "6100" in str(indicators.get("files_left_behind").counts) or "61" in str(
            indicators.get("files_left_behind").counts
        )


def test_every_canonical_code_is_defined_and_computed():
    canonical = [
        "files_open",
        "files_left_behind",
        "files_in_difficulty",
        "files_waiting",
        "files_red",
        "files_yellow",
        "files_green",
        "visits_due",
        "visits_overdue",
        "visits_done_30d",
        "visits_on_time_30d",
        "parent_contact_lapsed",
        "reports_open",
        "reports_opened_30d",
        "reports_feedback_overdue",
        "reports_answered_30d",
        "reports_answered_in_time_30d",
        "reports_days_0_3",
        "reports_days_4_7",
        "reports_days_8_15",
        "reports_days_16_30",
        "reports_days_31_plus",
        "referrals_open",
        "referrals_opened_30d",
        "referrals_overdue",
        "referrals_answered_30d",
        "referrals_answered_in_time_30d",
        "referrals_days_0_3",
        "referrals_days_4_7",
        "referrals_days_8_15",
        "referrals_days_16_30",
        "referrals_days_31_plus",
        "caseplans_open",
        "caseplan_actions_overdue",
        "school_absent_30d",
        "school_dropouts_open",
        "pupils_unmatched",
        "growth_measured_365d",
        "growth_stunted",
        "growth_severely_stunted",
        "growth_wasted",
        "growth_severely_wasted",
        "growth_overweight",
    ]
    computed = {code for s in indicators.sources() for code in s.codes}
    assert set(canonical) <= computed
    public = {i.code for i in indicators.indicators() if i.public}
    assert public == {
        "files_open",
        "files_left_behind",
        "files_in_difficulty",
        "visits_due",
        "visits_on_time_30d",
        "visits_done_30d",
        "reports_answered_30d",
        "reports_answered_in_time_30d",
    }
