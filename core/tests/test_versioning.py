"""The three-way merge of a stale edit (core.versioning), field by field."""

from datetime import date

import pytest
from django import forms
from django.http import QueryDict

from core.versioning import (
    ASK,
    BASE_FIELD,
    MINE,
    SAME,
    TAKE_THEIRS,
    VERSION_FIELD,
    VersionedFormMixin,
    canonical,
    conflict,
    merge_choices,
    three_way,
)


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "outcome"),
    [
        (("a",), ("a",), ("b",), TAKE_THEIRS),  # only they changed it: taken from them, not asked
        (("a",), ("b",), ("a",), MINE),  # only I changed it: kept
        (("a",), ("b",), ("c",), ASK),  # both changed it differently: asked
        (("a",), ("b",), ("b",), SAME),  # both made the same change: not asked
        (("a",), ("a",), ("a",), SAME),
        (None, ("b",), ("c",), ASK),  # no trusted base: every difference is asked
        (None, ("b",), ("b",), SAME),
    ],
)
def test_three_way(base, mine, theirs, outcome):
    assert three_way(base, mine, theirs) == outcome


def test_canonical_values_ignore_order_of_choices_and_line_ends():
    many = forms.MultipleChoiceField(choices=[("x", "x"), ("y", "y")])
    assert canonical(many, ["y", "x"]) == canonical(many, ["x", "y"])
    assert canonical(forms.CharField(), "一\r\n二") == canonical(forms.CharField(), "一\n二")
    assert canonical(forms.DateField(), date(2025, 3, 1)) == ("2025-03-01",)
    assert canonical(forms.BooleanField(), False) == ()


class PlanForm(VersionedFormMixin, forms.Form):
    summary = forms.CharField()
    review_on = forms.DateField()
    phone = forms.CharField(required=False)
    grade = forms.CharField(required=False)
    boarding = forms.BooleanField(required=False)


SAVED = {"summary": "旧", "review_on": date(2025, 3, 1), "phone": "", "grade": "三年级", "boarding": True}


def _opened(**values) -> QueryDict:
    """What a browser posts from the form as shown at version 1, with `values` typed in."""
    shown = PlanForm(initial={**SAVED, VERSION_FIELD: 1})
    post = QueryDict(mutable=True)
    for bf in shown:
        post.setlist(bf.html_name, [] if bf.value() is False else [str(bf.value() or "")])
    post.setlist("boarding", ["on"])
    for name, value in values.items():
        post.setlist(name, [value] if value else [])
    return post


def _merge(post: QueryDict, **saved_meanwhile):
    fresh = PlanForm(post, initial={**SAVED, **saved_meanwhile, VERSION_FIELD: 2})
    assert fresh.is_valid(), fresh.errors
    return conflict(None, post, [(fresh, "", fresh.is_stale)], title="t", cancel_url="/")


def test_only_fields_both_changed_differently_are_asked_and_the_rest_is_merged():
    post = _opened(summary="我的", phone="13911112222", grade="四年级")
    page = _merge(post, summary="他们的", review_on=date(2025, 4, 1), grade="四年级", boarding=False)
    assert [row.name for row in page.rows] == ["summary"]
    merged = page.merged
    assert merged["review_on"] == "2025-04-01"  # untouched here, changed there: theirs
    assert "boarding" not in merged  # their unticked box
    assert merged["phone"] == "13911112222"  # changed only here: mine
    assert merged["grade"] == "四年级"  # the same change on both sides
    assert merged[VERSION_FIELD] == "2"  # the next save is against the version now saved
    # The conflict page carries the choice's other side and everything else.
    hidden = dict(page.hidden)
    assert hidden["theirs:summary"] == "他们的"
    assert hidden["summary"] == "我的"


def test_with_nothing_changed_on_both_sides_nothing_is_asked():
    page = _merge(_opened(phone="13911112222"), summary="他们的")
    assert page.rows == []
    assert (page.merged["summary"], page.merged["phone"]) == ("他们的", "13911112222")


def test_a_forged_or_missing_base_asks_every_difference():
    post = _opened(phone="13911112222")
    post.setlist(BASE_FIELD, [post[BASE_FIELD][:-2] + "xx"])
    # Whoever changed them, the phone and the summary now differ: both are asked, nothing is taken.
    assert sorted(row.name for row in _merge(post, summary="他们的").rows) == ["phone", "summary"]
    post.setlist(BASE_FIELD, [])
    assert sorted(row.name for row in _merge(post, summary="他们的").rows) == ["phone", "summary"]


def test_a_base_of_another_version_is_not_trusted():
    post = _opened(phone="13911112222")
    post.setlist(VERSION_FIELD, ["5"])  # the base was signed for version 1
    assert sorted(row.name for row in _merge(post, summary="他们的").rows) == ["phone", "summary"]


def test_the_answer_of_the_conflict_page_takes_the_picked_values():
    post = _opened(summary="我的")
    page = _merge(post, summary="他们的")
    answer = QueryDict(mutable=True)
    for name, value in page.hidden:
        answer.appendlist(name, value)
    answer["pick:summary"] = "theirs"
    assert merge_choices(answer)["summary"] == "他们的"
    answer["pick:summary"] = "mine"
    assert merge_choices(answer)["summary"] == "我的"
