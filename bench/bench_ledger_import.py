"""Importing a 100,000-row county ledger end to end, beside PostgreSQL COPY of the same rows.

    .venv/bin/python bench/bench_ledger_import.py [--rows 100000] [--existing 20000] [--database-url URL]

Builds (once, cached in /tmp) a realistic ledger .xlsx: a title block, Chinese headers, one row
per child with father, mother and caregiver columns, repeated names, siblings sharing parents,
most rows with an ID number, some 0.3 % errors (bad checksums, impossible dates, unknown
villages) and some 0.3 % possible duplicates of files already in the county. The bench database
holds the demo county with ``--existing`` children (generated once), so the duplicate check has
real work to do.

Then, in one process, each inside a transaction rolled back at the end (the database stays as
it was, and both runs write into the same tables):

1. the import as the county officer: ``do_start_import`` (bounds, read every sheet, headers),
   ``do_validate`` (every row checked, villages, duplicates, pinyin, ImportRows kept), then
   ``do_confirm_import`` (households, parents, children, audit events), skipping the error rows
   and keeping the duplicates as new files;
2. the baseline: the same households, parents and children COPYed with ``core.bulk.FastTable``
   (which also encrypts ID numbers and computes their blind indexes, as the import does), from
   rows planned in memory beforehand: the floor for writing these rows at all.

Targets (issue 13): >= 10,000 rows/s end to end, within 3x of COPY, peak memory < 500 MB.
"""

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from common import DEFAULT_DATABASE_URL, setup_django

COUNTY = "511324"
HEADERS = [
    "序号", "儿童姓名", "性别", "出生日期", "身份证号", "民族", "户口性质", "所属乡镇", "所在村（社区）", "现居住地址",
    "儿童类别", "就学情况", "就读学校", "年级", "身体状况", "父亲姓名", "父亲身份证号", "父亲联系电话",
    "父亲外出务工情况", "父亲务工地点", "母亲姓名", "母亲身份证号", "母亲联系电话", "母亲外出务工情况", "母亲务工地点",
    "委托照护人姓名", "与儿童关系", "委托照护人联系电话", "家庭主要经济来源", "备注",
]  # fmt: skip
KINDS = ["农村留守儿童", "农村留守儿童", "农村留守儿童", "困境儿童", "孤儿", "事实无人抚养儿童"]


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build_ledger(path: Path, rows: int, villages, existing, seed: int) -> None:
    """The ledger file; ``villages``: [(township name, village name)], ``existing``: [(name, dob)]
    of files already in the county (some rows repeat them: possible duplicates)."""
    import openpyxl

    from children.identity import make_id_number
    from demo.registry.names import BOY_NAMES, FATHER_NAMES, GIRL_NAMES, MOTHER_NAMES, SURNAMES
    from ledger.places import village_key

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["仪陇县农村留守儿童和困境儿童花名册"])
    sheet.append(["填报单位：仪陇县民政局", None, None, "填报日期：2026年11月30日"])
    sheet.append(HEADERS)
    today = date(2026, 11, 30)
    n, seq = 0, 0
    while n < rows:
        surname = SURNAMES.pick(rng)
        township, village = rng.choice(villages)
        father_born = date(1980 + rng.randrange(12), 1 + rng.randrange(12), 1 + rng.randrange(28))
        mother_born = father_born + timedelta(days=rng.randrange(-900, 900))
        father_id = make_id_number(COUNTY, father_born, rng.randrange(999), "M")
        mother_id = make_id_number(COUNTY, mother_born, rng.randrange(999), "F")
        father, mother = surname + rng.choice(FATHER_NAMES), rng.choice(MOTHER_NAMES)
        away = rng.random() < 0.8
        for _sibling in range(1 if rng.random() < 0.7 else 2):
            if n >= rows:
                break
            n += 1
            seq += 1
            sex = "男" if rng.random() < 0.52 else "女"
            born = today - timedelta(days=rng.randrange(365, 365 * 17))
            name = surname + rng.choice(BOY_NAMES if sex == "男" else GIRL_NAMES)
            number = make_id_number(COUNTY, born, seq, "M" if sex == "男" else "F") if rng.random() < 0.9 else ""
            dob_text = rng.choice([born.strftime("%Y.%m.%d"), f"{born.year}年{born.month}月{born.day}日", born])
            village_text = rng.choice([village, village_key(village) + "村委会", village_key(village) + "村"])
            r = rng.random()
            if r < 0.001:  # a typing mistake in the ID number
                number = number[:-1] + ("0" if number[-1] != "0" else "1") if number else "51132420991301123X"
            elif r < 0.002:
                dob_text = "2015.13.45"
            elif r < 0.003:
                village_text = "不存在村"
            elif r < 0.006 and existing:  # the same child as a file already in the county
                name, born = rng.choice(existing)
                dob_text, number = born.strftime("%Y-%m-%d"), ""
            sheet.append(
                [
                    n, name, sex, dob_text, number, "汉族", "农业", township, village_text, f"{township}{village}{rng.randrange(1, 12)}组",
                    rng.choice(KINDS), rng.choice(["小学", "初中", "幼儿园", "学龄前"]), f"{township}中心小学",
                    rng.choice(["一年级", "三年级", "初二"]), "健康",
                    father, father_id, f"138{rng.randrange(10**8):08d}", "省外务工" if away else "在家", "广州" if away else "",
                    mother, mother_id, f"139{rng.randrange(10**8):08d}", "省外务工" if away else "在家", "东莞" if away else "",
                    surname + "奶奶", "奶奶", f"137{rng.randrange(10**8):08d}", "务工", "",
                ]
            )  # fmt: skip
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL.replace("shouhu_bench", "shouhu_bench_ledger"))
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings
    from django.utils import timezone, translation

    from accounts.models import User
    from children.models import Child, Household, Parent  # the bench plans the baseline rows itself
    from core.bulk import FastTable
    from demo import registry
    from geo.models import Division
    from ledger import importer
    from ledger.imports_models import ImportRow

    translation.activate("zh-hans")
    call_command("migrate", verbosity=0)
    if not Division.objects.filter(code=COUNTY).exists():
        call_command("load_divisions", verbosity=0)
    if not Child.objects.exists() and args.existing:
        t0 = time.perf_counter()
        registry.generate(COUNTY, children=args.existing, seed=args.seed)
        print(f"generated {args.existing} existing children in {time.perf_counter() - t0:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    registry.create_demo_users(COUNTY, "bench-password")
    officer = User.objects.get(username="county")

    path = Path(tempfile.gettempdir()) / f"shouhu-ledger-{args.rows}-{args.seed}.xlsx"
    if not path.exists():
        villages = [
            (v.parent.name, v.name)
            for v in Division.objects.within(officer.division).villages().select_related("parent")
        ]
        existing = list(
            Child.objects.filter(village__code__startswith=COUNTY).values_list("name", "date_of_birth")[:2000]
        )
        t0 = time.perf_counter()
        build_ledger(path, args.rows, villages, existing, args.seed)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    content = path.read_bytes()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    class Rollback(Exception):
        pass

    phases: dict[str, float] = {}
    summary: dict = {}
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                upload = SimpleUploadedFile(path.name, content)
                imp = importer.do_start_import(officer, uploaded_file=upload, lifecycle="active")
                if imp.status == "needs_mapping":
                    # The officer's one-time mapping: 备注 ignored, "困境儿童" (which kind?) read as
                    # economic difficulty; saved for the county's next upload.
                    importer.do_save_mapping(
                        officer, imp, {}, values={"child.categories": {"困境儿童": "difficulty_economic"}}
                    )
                    imp.refresh_from_db()
                phases["start (bounds, read, headers)"] = time.perf_counter() - t0
                t1 = time.perf_counter()
                counts = importer.do_validate(officer, imp)
                phases["validate (rows, villages, duplicates, pinyin)"] = time.perf_counter() - t1
                t2 = time.perf_counter()
                # The officer's decisions (not timed as import work): keep every possible duplicate.
                ImportRow.objects.filter(ledger_import=imp, outcome="duplicate").update(resolution="keep")
                summary = importer.do_confirm_import(officer, imp, skip_errors=True)
                phases["confirm (write, audit)"] = time.perf_counter() - t2
                total = time.perf_counter() - t0
                raise Rollback
        except Rollback:
            pass
    import_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Baseline: the same rows as planned dicts, COPYed into the same tables.
    created = summary.get("created", 0)
    households_n = summary.get("households", 0)
    rng = random.Random(1)
    villages = list(Division.objects.within(officer.division).villages().values_list("code", flat=True))
    now = timezone.now()
    plan_h, plan_p, plan_c = [], [], []
    try:
        with transaction.atomic():
            hids = importer._reserve_ids(Household, households_n)
            cids = importer._reserve_ids(Child, created)
            for i, hid in enumerate(hids):
                village = villages[i % len(villages)]
                plan_h.append({"id": hid, "uuid": uuid.uuid4(), "village_id": village, "created_at": now, "updated_at": now,
                               "caregiver_name": "王奶奶", "caregiver_relation": "grandmother", "has_caregiver": True,
                               "caregiver_phone": "13700000000", "income_source": "migrant_wages"})  # fmt: skip
                for role, number in (("father", "511324198501013219"), ("mother", "511324198702023228")):
                    plan_p.append({"household_id": hid, "role": role, "name": "王大山", "id_number": number,
                                   "phone": "13800000000", "migration_status": "away_outside", "work_city": "广州"})  # fmt: skip
            for j, cid in enumerate(cids):
                h = plan_h[j % len(plan_h)]
                plan_c.append({"id": cid, "uuid": uuid.uuid4(), "household_id": h["id"], "village_id": h["village_id"],
                               "name": "王小明", "name_pinyin": "wangxiaoming", "name_initials": "wxm", "sex": "M",
                               "date_of_birth": date(2015, 3, 8), "id_number": "511324201503083211",
                               "hukou_type": "rural", "schooling_status": "primary", "cat_rural_left_behind": True,
                               "status": "active", "registered_at": now, "updated_at": now,
                               "address": "金城镇石佛村3组", "school": "金城镇中心小学", "grade": "三年级"})  # fmt: skip
            rng.shuffle(plan_c)
            t0 = time.perf_counter()
            FastTable(Household, with_pk=True).insert(plan_h)
            FastTable(Parent).insert(plan_p)
            FastTable(Child, with_pk=True).insert(plan_c)
            copy_seconds = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        pass

    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True, check=False
    ).stdout.split("\n")
    rows = counts["rows"]
    print(
        f"\nledger: {rows} rows ({path.stat().st_size / 2**20:.1f} MB .xlsx); {Child.objects.count()} children already"
        f" in the database; {connection.vendor} {getattr(connection, 'pg_version', '')};"
        f" {machine[0]} cores; {machine[1].split(':')[-1].strip()}"
    )
    print(f"validation: {counts}")
    print(f"written: {summary}")
    for phase, seconds in phases.items():
        print(f"  {phase:<48} {seconds:7.2f} s")
    print(f"import end to end: {total:.2f} s = {rows / total:,.0f} rows/s")
    print(
        f"COPY baseline ({len(plan_h)} households, {len(plan_p)} parents, {len(plan_c)} children):"
        f" {copy_seconds:.2f} s = {rows / copy_seconds:,.0f} rows/s; import / COPY = {total / copy_seconds:.1f}x"
    )
    print(f"peak resident memory: {import_rss / 1024:.0f} MB (before the import: {base_rss / 1024:.0f} MB)")
    ok = rows / total >= 10_000 and total / copy_seconds <= 3 and import_rss / 1024 < 500
    print("targets (>= 10,000 rows/s, <= 3x COPY, < 500 MB):", "PASS" if ok else "FAIL")
    sys.exit(0)


if __name__ == "__main__":
    main()
