"""Loading the statistical division files (china-division CSV layout) into Division rows.

The whole input is read and checked before anything is written; a file with a bad row
writes nothing.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import CODE_LENGTH, Division

DATA_DIR = Path(__file__).resolve().parent / "data"

# File name prefix → (level, column holding the parent code).
FILES = [
    ("provinces", Division.Level.PROVINCE, None),
    ("cities", Division.Level.PREFECTURE, "provinceCode"),
    ("areas", Division.Level.COUNTY, "cityCode"),
    ("streets", Division.Level.TOWNSHIP, "areaCode"),
    ("villages", Division.Level.VILLAGE, "streetCode"),
]


class DivisionFileError(ValueError):
    pass


@dataclass
class Row:
    code: str
    name: str
    level: int
    parent: str | None


def read_rows(directory: Path) -> list[Row]:
    rows: list[Row] = []
    errors: list[str] = []
    for prefix, level, parent_col in FILES:
        for path in sorted(directory.glob(f"{prefix}*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for lineno, rec in enumerate(csv.DictReader(fh), start=2):
                    code = (rec.get("code") or "").strip()
                    name = (rec.get("name") or "").strip()
                    parent = (rec.get(parent_col) or "").strip() if parent_col else None
                    if not re.fullmatch(rf"[0-9]{{{CODE_LENGTH[level]}}}", code):
                        errors.append(f"{path.name}:{lineno}: code {code!r} is not a level-{level} code")
                    elif not name:
                        errors.append(f"{path.name}:{lineno}: name is empty")
                    elif parent is not None and not code.startswith(parent):
                        errors.append(f"{path.name}:{lineno}: code {code} does not start with parent {parent}")
                    else:
                        rows.append(Row(code, name, level, parent))
    if errors:
        raise DivisionFileError("\n".join(errors[:50]))
    return rows


def load(directory: Path = DATA_DIR) -> dict[int, int]:
    """Insert or update every division in the directory; returns counts per level."""
    rows = read_rows(directory)
    if not rows:
        raise DivisionFileError(f"no division files (provinces*.csv, …) in {directory}")
    known = set(Division.objects.values_list("code", flat=True)) | {r.code for r in rows}
    missing = [f"{r.code} {r.name}: parent {r.parent} is unknown" for r in rows if r.parent and r.parent not in known]
    if missing:
        raise DivisionFileError("\n".join(missing[:50]))
    names = dict(Division.objects.values_list("code", "name"))
    names.update({r.code: r.name for r in rows})
    counts: dict[int, int] = {}
    with transaction.atomic():
        for level in sorted({r.level for r in rows}):
            objs = []
            for r in rows:
                if r.level != level:
                    continue
                chain = [names[r.code[:n]] for n in CODE_LENGTH.values() if n <= len(r.code) and r.code[:n] in names]
                objs.append(
                    Division(code=r.code, name=r.name, level=r.level, parent_id=r.parent, full_name=" ".join(chain))
                )
            Division.objects.bulk_create(
                objs,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "level", "parent", "full_name"],
            )
            counts[level] = len(objs)
    return counts
