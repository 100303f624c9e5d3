"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so no system gettext is needed."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    failed = False
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        if "--check" in sys.argv and (untranslated or fuzzy):
            failed = True
            print(f"{po_path.relative_to(ROOT)}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy", file=sys.stderr)
            for msgid in (untranslated + fuzzy)[:20]:
                print(f"  {msgid!r}", file=sys.stderr)
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
