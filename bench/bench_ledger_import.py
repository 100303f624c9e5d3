"""Importing a 100,000-row county ledger end to end, beside PostgreSQL COPY of the same rows.

    .venv/bin/python bench/bench_ledger_import.py [--rows 100000] [--existing 20000] [--database-url URL] [--followup]

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

With ``--followup`` the import's process also times, after the import and outside its figures,
what follow-up does once the confirm commits (its ``child_facts_changed`` receiver computes the
tiers of every imported file, in the request that confirmed).

Targets (issue 13): >= 10,000 rows/s end to end, within 3x of COPY, peak memory < 500 MB.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
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
                    n, name, sex, dob_text, number, "汉族", "农业", township, village_text,
                    f"{township}{village}{rng.randrange(1, 12)}组",
                    rng.choice(KINDS), rng.choice(["小学", "初中", "幼儿园", "学龄前"]), f"{township}中心小学",
                    rng.choice(["一年级", "三年级", "初二"]), "健康",
                    father, father_id, f"138{rng.randrange(10**8):08d}", "省外务工" if away else "在家",
                    "广州" if away else "",
                    mother, mother_id, f"139{rng.randrange(10**8):08d}", "省外务工" if away else "在家",
                    "东莞" if away else "",
                    surname + "奶奶", "奶奶", f"137{rng.randrange(10**8):08d}", "务工", "",
                ]
            )  # fmt: skip
    book.save(path)


def setup(args):
    """The bench database (migrated, divisions, existing children, users) and the ledger file."""
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from audit.models import AuditEvent
    from children.models import Child, Household, HouseholdMember, Parent  # size, names, vacuum
    from demo import registry
    from followup.models import FollowUp
    from geo.models import Division
    from ledger.imports_models import ImportRow

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
    if connection.vendor == "postgresql":
        # Every run writes 100,000 files and rolls them back: without a vacuum the dead rows and
        # index entries of the previous runs slow the next one down (and make runs incomparable).
        with connection.cursor() as cursor:
            tables = [
                m._meta.db_table for m in (Child, Household, Parent, HouseholdMember, AuditEvent, ImportRow, FollowUp)
            ]
            cursor.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
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
    return path, Child.objects.count()


_pids: dict[int, int] = {}


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (a local server: read from
    /proc; 0 when it cannot be). Beside the process's own CPU time it is the work of a run, which
    the other sessions' load on this shared machine does not change as much as the wall time."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    pid = _pids.get(id(connection.connection))
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = _pids[id(connection.connection)] = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_phase(args) -> dict:
    """One measured run in this process: "import" (the officer's whole import) or "copy" (the
    same import's rows for households, parents, members and children, COPYed by FastTable)."""
    setup_django(args.database_url)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from accounts.models import User
    from core import bulk
    from ledger import importer
    from ledger.imports_models import ImportRow

    translation.activate("zh-hans")
    officer = User.objects.get(username="county")
    path = Path(args.file)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    phases: dict[str, float] = {}
    captured: list[tuple] = []
    real_insert = bulk.FastTable.insert
    if args.phase == "copy":
        # Record what the import would write to the registry's tables, instead of writing it.
        def record(table, rows):
            if table.model.__name__ in ("Household", "Parent", "HouseholdMember", "Child"):
                captured.append((table, list(rows)))
            else:
                real_insert(table, rows)

        bulk.FastTable.insert = record
    # Where the time goes: the import's main steps, timed where they run.
    steps: dict[str, float] = {}

    step_cpu: dict[str, list[float]] = {}  # label -> [process CPU, backend CPU]

    def timed(owner, name, label):
        inner = getattr(owner, name)

        def wrapper(*a, **kw):
            t, cpu, db = time.perf_counter(), time.process_time(), backend_cpu()
            try:
                return inner(*a, **kw)
            finally:
                steps[label] = steps.get(label, 0.0) + time.perf_counter() - t
                spent = step_cpu.setdefault(label, [0.0, 0.0])
                spent[0] += time.process_time() - cpu
                spent[1] += backend_cpu() - db

        setattr(owner, name, wrapper)

    from ledger import reader

    timed(reader, "read_book", "read the workbook (calamine)")
    timed(importer._Validation, "_entries", "check cells and rows (generator setup)")
    timed(importer, "_classify", "match: duplicates, updates, pinyin")
    timed(importer._Validation, "_write", "write ImportRows (COPY)")
    timed(importer._Writer, "_rows", "read ImportRows back")
    if hasattr(importer._Writer, "_data"):
        timed(importer._Writer, "_data", "read ImportRows back (data only, for new files)")
    timed(importer._Writer, "_create", "create files (plan + COPY, incl. reading rows)")
    timed(importer._Writer, "_audit", "audit events (COPY)")
    timed(importer._Writer, "_link", "link rows to files, drop their ID numbers (UPDATE)")
    told: list[tuple[list[int], str]] = []
    if args.followup:
        from children.signals import child_facts_changed

        def listen(sender, child_ids, source, **kwargs):
            told.append((list(child_ids), source))

        child_facts_changed.connect(listen, weak=False)
    result: dict = {}
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), transaction.atomic():
        db0 = backend_cpu()
        cpu0, t0 = time.process_time(), time.perf_counter()
        imp = importer.do_start_import(
            officer, uploaded_file=SimpleUploadedFile(path.name, path.read_bytes()), lifecycle="active"
        )
        if imp.status == "needs_mapping":
            # The officer's one-time mapping: 备注 ignored, "困境儿童" (which kind?) read as economic
            # difficulty; saved for the county's next upload.
            importer.do_save_mapping(officer, imp, {}, values={"child.categories": {"困境儿童": "difficulty_economic"}})
            imp.refresh_from_db()
        phases["start: bounds, read every sheet, headers"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        counts = importer.do_validate(officer, imp)
        phases["validate: rows, villages, duplicates, pinyin"] = time.perf_counter() - t1
        # The officer's decisions (not import work): keep each possible duplicate as a new file.
        ImportRow.objects.filter(ledger_import=imp, outcome="duplicate").update(resolution="keep")
        t2 = time.perf_counter()
        summary = importer.do_confirm_import(officer, imp, skip_errors=True)
        phases["confirm: write, audit"] = time.perf_counter() - t2
        total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        db_cpu = backend_cpu() - db0
        if args.followup:
            # What runs after the commit (the bench rolls back, so it never would): follow-up's
            # receiver computes the tiers of every file the import told it about, chunk by chunk,
            # in the request that confirmed, once its transaction has committed.
            from followup.services import reassess

            t4, cpu4 = time.perf_counter(), time.process_time()
            done = {}
            for ids, source in told:
                for k, v in reassess(ids, source=source).items():
                    done[k] = done.get(k, 0) + v
            result.update(
                followup=time.perf_counter() - t4, followup_cpu=time.process_time() - cpu4, followup_counts=done
            )
        result.update(
            total=total,
            cpu=cpu,
            db_cpu=db_cpu,
            phases=phases,
            counts=counts,
            summary=summary,
            rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            steps=steps,
            step_cpu=step_cpu,
            base_rss=base_rss / 1024,
        )
        if args.phase == "copy":
            bulk.FastTable.insert = real_insert
            sizes = {table.model.__name__: 0 for table, _rows in captured}
            db3, cpu3, t3 = backend_cpu(), time.process_time(), time.perf_counter()
            for table, rows in captured:
                table.insert(rows)
                sizes[table.model.__name__] += len(rows)
            result.update(
                copy=time.perf_counter() - t3,
                copy_cpu=time.process_time() - cpu3,
                copy_db_cpu=backend_cpu() - db3,
                sizes=sizes,
            )
        transaction.set_rollback(True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL.replace("shouhu_bench", "shouhu_bench_ledger"))
    parser.add_argument("--phase", choices=["all", "import", "copy"], default="all")
    parser.add_argument("--file", default="")
    parser.add_argument(
        "--followup", action="store_true", help="also time follow-up's tier computation of the imported files"
    )
    args = parser.parse_args()
    if args.phase != "all":
        print(json.dumps(run_phase(args)))
        return
    path, existing = setup(args)
    # Each run in its own process, so that the import's peak memory is its own.
    runs = {}
    for phase in ("import", "copy"):
        extra = ["--followup"] if args.followup and phase == "import" else []
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--phase",
                phase,
                "--file",
                str(path),
                "--database-url",
                args.database_url,
                *extra,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs[phase] = json.loads(out.strip().splitlines()[-1])
    run, copy = runs["import"], runs["copy"]
    machine = subprocess.run(
        ["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo; cat /proc/loadavg"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    rows = run["counts"]["rows"]
    print(
        f"\nledger: {rows} rows ({path.stat().st_size / 2**20:.1f} MB .xlsx); {existing} children already in the"
        f" database; {machine[0]} cores, {machine[1].split(':')[-1].strip()}; load average {machine[2]}"
    )
    print(f"validation: {run['counts']}")
    print(f"written: {run['summary']}")
    for phase, seconds in run["phases"].items():
        print(f"  {phase:<48} {seconds:7.2f} s")
    total = run["total"]
    for step, seconds in run["steps"].items():
        if "generator" not in step:
            cpu, db = run["step_cpu"][step]
            print(f"    of which {step:<52} {seconds:7.2f} s (CPU {cpu:5.2f} s, backend {db:5.2f} s)")
    print(
        f"import end to end: {total:.2f} s = {rows / total:,.0f} rows/s (CPU time of the process {run['cpu']:.2f} s,"
        f" of its PostgreSQL backend {run['db_cpu']:.2f} s)"
    )
    cpu_ratio = (run["cpu"] + run["db_cpu"]) / (copy["copy_cpu"] + copy["copy_db_cpu"])
    print(
        f"COPY of the same rows ({copy['sizes']}): {copy['copy']:.2f} s = {rows / copy['copy']:,.0f} rows/s"
        f" (CPU {copy['copy_cpu']:.2f} s, backend {copy['copy_db_cpu']:.2f} s);"
        f" import / COPY = {total / copy['copy']:.1f}x in wall time, {cpu_ratio:.1f}x in CPU time"
    )
    print(f"peak resident memory of the import: {run['rss']:.0f} MB (at its start {run['base_rss']:.0f} MB)")
    if "followup" in run:
        print(
            f"follow-up after commit (tiers of the imported files, in the confirming request): {run['followup']:.2f} s"
            f" (CPU {run['followup_cpu']:.2f} s) {run['followup_counts']}"
        )
    ok = rows / total >= 10_000 and total / copy["copy"] <= 3 and run["rss"] < 500
    print("targets (>= 10,000 rows/s, <= 3x COPY, < 500 MB):", "PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()
