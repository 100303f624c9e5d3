"""The longest name the form allows fits the search-key columns (PostgreSQL enforces their length;
SQLite does not, so the tests compare with the columns' sizes)."""

from django.urls import reverse

from children.identity import name_keys
from children.models import Child

from .test_registration import form_data


def column_size(field: str) -> int:
    return Child._meta.get_field(field).max_length


def test_a_fifty_character_name_registers_and_is_found_by_its_pinyin(people, geo, login):
    name = "爽" * 50  # shuang: the longest syllable, 300 letters in all
    assert len(name) == Child._meta.get_field("name").max_length
    client = login(people["cwd_a"])
    response = client.post(reverse("child_register"), form_data(geo["village_a"], name=name))
    child = Child.objects.get(name=name)
    assert response.status_code == 302
    assert child.name_pinyin == "shuang" * 50
    assert len(child.name_pinyin) <= column_size("name_pinyin")
    assert child.name_initials == "s" * 50
    assert len(child.name_initials) <= column_size("name_initials")
    roster = client.get(reverse("roster"), {"q": "shuang" * 50}).content.decode()
    assert name in roster


def test_keys_of_any_name_fit_the_columns():
    # Letters whose lower case is longer than they are (İ -> i̇) must not overflow either.
    for name in ("İ" * 50, "ǅ" * 50, "爽" * 50, "Zhuang Shuang " * 4):
        pinyin, initials = name_keys(name[:50])
        assert len(pinyin) <= column_size("name_pinyin")
        assert len(initials) <= column_size("name_initials")
