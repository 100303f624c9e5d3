"""Shared set-up of the page benchmarks: Django against the bench database, and page timing."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench"


def setup_django(database_url: str) -> None:
    """Production settings (DEBUG off) on the bench database; the test client keeps contexts."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "DEBUG": "False",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_COOKIES": "False",
            "DJANGO_SETTINGS_MODULE": "shouhu.test_settings",
            "SHOUHU_NOTIFICATION_CHANNELS": "",
        }
    )
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client capture each response's context


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def time_pages(cases, runs: int, *, width: int = 44, describe=None) -> float:
    """Time each (label, client, url[, params, headers]) `runs` times after one warm-up; print a
    table; return the worst p95 in ms. `describe(response)` may add a column (e.g. row counts)."""
    print(f"{'request':<{width}} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for label, client, url, *rest in cases:
        params = rest[0] if rest else {}
        headers = rest[1] if len(rest) > 1 else {}
        client.get(url, params, headers=headers)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(url, params, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        p95 = sorted(times)[max(int(len(times) * 0.95) - 1, 0)]
        worst = max(worst, p95)
        extra = f"  {describe(response)}" if describe else ""
        print(f"{label:<{width}} {statistics.median(times):>10.1f} {p95:>8.1f} {max(times):>8.1f}{extra}")
    print(f"\nworst p95: {worst:.1f} ms (target < 200 ms): {'PASS' if worst < 200 else 'FAIL'}")
    return worst
