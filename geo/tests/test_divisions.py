from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from geo.models import Division, code_range


@pytest.mark.django_db
def test_load_shipped_divisions_is_idempotent():
    call_command("load_divisions")
    call_command("load_divisions")
    assert Division.objects.filter(level=1).count() == 31
    assert Division.objects.filter(level=3).count() == 2978
    county = Division.objects.get(code="511324")
    assert county.name == "仪陇县"
    assert county.full_name == "四川省 南充市 仪陇县"
    assert Division.objects.within(county).townships().count() == 37
    assert Division.objects.within(county).villages().count() == 531
    village = Division.objects.villages().first()
    assert [d.level for d in village.ancestors()] == [1, 2, 3, 4]


@pytest.mark.django_db
def test_a_bad_file_writes_nothing(tmp_path: Path):
    (tmp_path / "provinces.csv").write_text('code,name\n51,"四川省"\n', encoding="utf-8")
    (tmp_path / "cities.csv").write_text('code,name,provinceCode\n5113,"南充市",51\n52X1,"坏",52\n', encoding="utf-8")
    with pytest.raises(CommandError, match="52X1"):
        call_command("load_divisions", str(tmp_path))
    assert not Division.objects.exists()


def test_code_range_is_a_prefix_match():
    lo, hi = code_range("5113")
    inside = ["5113", "511324", "511324100", "511324100201"]
    outside = ["51", "5112", "5114", "511", "512324100201"]
    assert all(lo <= c <= hi for c in inside)
    assert not any(lo <= c <= hi for c in outside)
