"""The cost of field encryption at rest: loading children with and without decryption.

Fills a scratch database with N children (every one with an ID number, one in three with a
health note; once, later runs reuse it), then times, median of --runs:
raw SQL reading the stored tokens (the floor), the ORM reading the same columns as text (no
decryption), the ORM reading them decrypted, and whole Child objects; plus one encrypt, decrypt
and blind-index computation. Then a child with 50 visits, every one with its notes and three
descriptions written (issue 10's narrative fields): the visits list's query with the narrative
fields decrypted and with them deferred (what the list page loads; it shows none of them).

    .venv/bin/python bench/bench_field_encryption.py [--children 10000] [--runs 15] [--database-url URL]
"""

import argparse
import os
import statistics
import time
from datetime import date

from bench_registry import ensure_database
from common import setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_crypto"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(n: int) -> None:
    import uuid

    from children.identity import make_id_number
    from children.models import Child, Household
    from core.bulk import FastTable
    from geo.models import Division

    if Child.objects.count() >= n:
        return
    for code, level, parent in [("51", 1, None), ("5113", 2, "51"), ("511324", 3, "5113"),
                                ("511324100", 4, "511324"), ("511324100201", 5, "511324100")]:  # fmt: skip
        Division.objects.get_or_create(code=code, defaults={"name": code, "level": level, "parent_id": parent})
    household = Household.objects.create(village_id="511324100201")
    rows = [
        {
            "uuid": uuid.uuid4(),
            "household_id": household.pk,
            "village_id": "511324100201",
            "name": "张伟",
            "name_pinyin": "zhangwei",
            "name_initials": "zw",
            "sex": "M",
            "date_of_birth": date(2015, 3, 8),
            "id_number": make_id_number("511324", date(2015, 3, 8), i, "M"),
            "hukou_type": "rural",
            "schooling_status": "primary",
            "health_note": "先天性心脏病，每月复查" if i % 3 == 0 else "",
            "registered_at": household.created_at,
            "updated_at": household.created_at,
        }
        for i in range(1, n + 1)
    ]
    FastTable(Child).insert(rows)


NARRATIVE = ("notes", "living_conditions", "needs", "actions_taken")


def visits_list(runs: int) -> dict[str, float]:
    from datetime import timedelta

    from children.models import Child
    from visits.models import Visit

    child = Child.objects.order_by("pk").first()
    for i in range(50 - child.visits.count()):
        visit = Visit.objects.create(
            child=child,
            visited_on=date(2024, 1, 1) + timedelta(days=7 * i),
            answers={"unexplained_injuries": "yes", "truancy": "no"},
            notes={"unexplained_injuries": "左臂有淤青，孩子说是摔的，奶奶说不清楚"},
            living_conditions="与奶奶同住，土房，屋顶漏雨，冬天没有取暖",
            needs="冬衣、书包，需要带去县医院检查",
            actions_taken="联系了村委和学校老师，下周再来",
        )
        Visit.objects.filter(pk=visit.pk).update(original=visit.pk)
    qs = child.visits.filter(is_current=True).select_related("original").order_by("-visited_on")
    deferred = [*NARRATIVE, *(f"original__{f}" for f in NARRATIVE)]
    return {
        "50 visits, narrative decrypted": median_ms(lambda: list(qs.all()), runs),
        "50 visits, narrative deferred": median_ms(lambda: list(qs.defer(*deferred)), runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from children.models import Child
    from core import crypto

    call_command("migrate", verbosity=0)
    fill(args.children)
    qs = Child.objects.order_by("pk")[: args.children]
    columns = ("pk", "id_number", "health_note")

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, id_number, health_note FROM children_child ORDER BY id LIMIT %s", [args.children]
            )
            return cursor.fetchall()

    def orm_tokens():  # the ORM's own cost, the columns read as stored (no decryption)
        return list(qs.values_list("pk", Cast("id_number", TextField()), Cast("health_note", TextField())))

    timings = {
        "raw SQL, tokens as stored": median_ms(raw_sql, args.runs),
        "ORM values_list, no decryption": median_ms(orm_tokens, args.runs),
        "ORM values_list, decrypted": median_ms(lambda: list(qs.values_list(*columns)), args.runs),
        "ORM Child objects, without them": median_ms(lambda: list(qs.defer("id_number", "health_note")), args.runs),
        "ORM Child objects, decrypted": median_ms(lambda: list(qs.all()), args.runs),
    }
    token = crypto.encrypt("511324201503080011")
    gcm, nonce = AESGCM(os.urandom(16)), os.urandom(12)
    sealed = gcm.encrypt(nonce, b"511324201503080011", None)
    per_value = {
        "encrypt one ID number": median_ms(lambda: [crypto.encrypt("511324201503080011") for _ in range(1000)], 5),
        "decrypt one ID number": median_ms(lambda: [crypto.decrypt(token) for _ in range(1000)], 5),
        "(AES-GCM decrypt, for comparison)": median_ms(
            lambda: [gcm.decrypt(nonce, sealed, None) for _ in range(1000)], 5
        ),
        "blind index of one ID number": median_ms(
            lambda: [crypto.blind_index("511324201503080011") for _ in range(1000)], 5
        ),
    }
    timings.update(visits_list(args.runs))
    print(f"{connection.vendor}, {args.children} children ({args.runs} runs, median)")
    for label, ms in timings.items():
        print(f"  {label:34} {ms:8.1f} ms")
    for label, ms in per_value.items():
        print(f"  {label:34} {ms:8.1f} µs")  # 1000 calls in ms = µs per call


if __name__ == "__main__":
    main()
