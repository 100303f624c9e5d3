"""Guards that keep the security design from eroding."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Only these modules may query children without going through children.access.
ALLOWED = {
    "children/access.py", "children/actions.py",
    # The two deliberate look-ups beyond a user's scope.
    "children/duplicates.py", "schools/matching.py",
    "demo/registry/loader.py", "demo/registry/users.py",
}


def test_children_are_only_queried_through_the_access_module():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        skipped = rel.startswith((".venv/", "bench/", "tests/")) or "/tests/" in rel or "/migrations/" in rel
        if skipped or rel in ALLOWED:
            continue
        if re.search(r"\bChild\.objects\b", path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == [], f"Query children through children.access, not Child.objects: {offenders}"


def test_no_page_loads_anything_from_another_host():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), path
