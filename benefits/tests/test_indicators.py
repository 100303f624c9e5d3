"""benefits.indicators.figures: per village, the counts the dashboards app snapshots, checked
against the live state the pages show."""

from datetime import date, timedelta

from benefits import actions
from benefits.indicators import figures
from children import choices as c
from children.actions import do_close_child
from conftest import make_child

from .conftest import DEAD, PRISON, TODAY, approved

JAN = date(2025, 1, 1)


def _dfu(village, name="周"):
    return make_child(village, name, father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,))


def test_counts_per_village(people, geo, standards):
    a, b = geo["village_a"].pk, geo["village_c"].pk
    receiving = _dfu(geo["village_a"], "甲")
    approved(receiving, people, start=JAN)
    waiting = _dfu(geo["village_a"], "乙")  # eligible, applying
    actions.do_create_application(people["cwd_a"], waiting, category="de_facto_unsupported")
    _dfu(geo["village_c"], "丙")  # eligible, nothing
    closed = _dfu(geo["village_c"], "丁")
    do_close_child(people["cwd_c"], closed, c.ClosureReason.MOVED, TODAY)
    make_child(geo["village_c"], "戊")  # left-behind only: not counted
    make_child(geo["other_county"].children.first() or geo["village_d"], "外县", categories=(c.Category.ORPHAN,))

    got = figures(TODAY, geo["county"].pk)
    assert got == {
        a: {"eligible": 2, "applied": 1, "receiving": 1, "eligible_not_receiving": 1},
        b: {"eligible": 1, "applied": 0, "receiving": 0, "eligible_not_receiving": 1},
    }


def test_receiving_follows_the_months_due(people, geo, standards):
    child = _dfu(geo["village_a"])
    benefit = approved(child, people, start=JAN).approved_benefit
    a = geo["village_a"].pk
    assert figures(date(2024, 12, 31), geo["county"].pk)[a]["receiving"] == 0  # before its first month
    assert figures(JAN, geo["county"].pk)[a]["receiving"] == 1
    do_close_child(people["cwd_a"], child, c.ClosureReason.DIED, date(2025, 3, 10))
    benefit.refresh_from_db()
    assert figures(date(2025, 3, 31), geo["county"].pk)[a]["receiving"] == 1  # the month of the death is paid
    after = figures(date(2025, 4, 1) + timedelta(days=1), geo["county"].pk)
    assert after.get(a, {}).get("receiving", 0) == 0
