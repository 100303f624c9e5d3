from datetime import date

import pytest

from children.identity import IdNumberError, id_check_character, make_id_number, name_keys, validate_id_number

# A published specimen number (GB 11643 examples use 11010519491231002X).
SPECIMEN = "11010519491231002X"


def test_specimen_checksum():
    assert id_check_character(SPECIMEN[:17]) == "X"
    assert validate_id_number(SPECIMEN.lower(), date_of_birth=date(1949, 12, 31), sex="F") == SPECIMEN


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519491231002", "format"),
        ("1101051949123100XX", "format"),
        ("110105194912310021", "checksum"),
        ("110105194913310029", "checksum"),
    ],
)
def test_rejections(number, code):
    with pytest.raises(IdNumberError) as exc:
        validate_id_number(number)
    assert exc.value.code == code


def test_impossible_birth_date():
    first17 = "11010520150230001"
    with pytest.raises(IdNumberError) as exc:
        validate_id_number(first17 + id_check_character(first17))
    assert exc.value.code == "birth_date"


def test_birth_date_and_sex_must_agree():
    number = make_id_number("511324", date(2015, 3, 8), 42, "M")
    assert validate_id_number(number, date_of_birth=date(2015, 3, 8), sex="M") == number
    with pytest.raises(IdNumberError, match="date_of_birth"):
        validate_id_number(number, date_of_birth=date(2015, 3, 9))
    with pytest.raises(IdNumberError, match="sex"):
        validate_id_number(number, sex="F")


def test_region_code_is_never_checked():
    # 513701 was abolished in a merger; 999999 was never issued. Both checksums are valid.
    for region in ("513701", "999999"):
        validate_id_number(make_id_number(region, date(2010, 1, 1), 1, "F"))


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张伟", "zhangwei", "zw"),
        ("章伟", "zhangwei", "zw"),
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("吕小龙", "lvxiaolong", "lxl"),
        ("曾强", "zengqiang", "zq"),
        ("单雪", "shanxue", "sx"),
        ("尉迟恭", "yuchigong", "ycg"),
    ],
)
def test_name_keys(name, full, initials):
    assert name_keys(name) == (full, initials)
