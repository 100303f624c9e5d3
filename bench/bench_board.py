"""The dashboard above the county (issue 15): a province of ~180 counties and the whole country
(~3,000 counties) read from the daily snapshot, on PostgreSQL.

Fills its own database (`shouhu_bench_board`, once; later runs reuse it) with the national
division list (`load_divisions`) and generated figures (dashboards.simulate) for every county on
the month-end days of 24 months and the latest day, rolled up to prefectures, provinces and the
country. Indicators an app has not registered yet (the snapshot apps arrive in another branch)
are defined here for the run, so that the pages show every generated figure. It then times,
beside a bare page behind the same login and middleware in the same run:

- the national and province dashboards (sub-areas compared, months), each group;
- every county of the province and of the country compared and sorted (paged 50 at a time);
- a county's and a township's dashboard;
- the .xlsx export of the province.

    .venv/bin/python bench/bench_board.py [--runs 30] [--months 24] [--database-url URL]

Target: every dashboard page under 200 ms (p95).
"""

import argparse
import time

from bench_registry import ensure_database
from common import client_for, setup_django, time_pages

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shouhu_bench_board"
PROVINCE, COUNTY = "51", "511324"


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def define_missing_indicators(codes) -> None:
    from core import indicators

    groups = {
        "files": "registry",
        "visits": "visits",
        "parent": "visits",
        "reports": "protection",
        "referrals": "protection",
        "red": "protection",
        "caseplans": "caseplans",
        "caseplan": "caseplans",
        "school": "schools",
        "pupils": "schools",
        "growth": "growth",
        "benefit": "benefits",
    }
    dens = {
        "visits_on_time_30d": "visits_done_30d",
        "visits_overdue": "visits_due",
        "reports_answered_in_time_30d": "reports_answered_30d",
        "referrals_answered_in_time_30d": "referrals_answered_30d",
        "growth_stunted": "growth_measured_365d",
        "growth_wasted": "growth_measured_365d",
        "growth_overweight": "growth_measured_365d",
        "benefit_receiving": "benefit_eligible",
    }
    known = {i.code for i in indicators.indicators()}
    for order, code in enumerate(sorted(codes)):
        if code in known:
            continue
        indicators.define(
            code,
            code.replace("_", " "),
            group=groups.get(code.split("_")[0], "other"),
            counts=f"bench: {code}",
            period="on the day",
            source="dashboards.simulate",
            of=dens.get(code, ""),
            order=1000 + order,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--database-url", default=DATABASE_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.urls import include, path
    from django.utils import timezone

    from accounts.models import User
    from dashboards import simulate
    from dashboards.board import SIMULATED
    from dashboards.models import Figure
    from geo.models import Division

    call_command("migrate", verbosity=0)
    if not Division.objects.exists():
        call_command("load_divisions", verbosity=0)
    latest = timezone.localdate()
    if not Figure.objects.filter(day=latest, area="").exists():
        t0 = time.perf_counter()
        done = simulate.simulate(latest, months=args.months, seed=2026)
        print(
            f"generated {done['rows']} figures for {done['counties']} counties, {done['days']} days, "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dashboards_figure")
    codes = set(
        Figure.objects.filter(day=latest, area="").exclude(indicator=SIMULATED).values_list("indicator", flat=True)
    )
    define_missing_indicators(codes)

    province = Division.objects.get(code=PROVINCE)
    township = Division.objects.filter(level=4, code__startswith=COUNTY).order_by("code").first()
    national, _ = User.objects.update_or_create(
        username="bench_national", defaults={"role": "official", "division": None}
    )
    provincial, _ = User.objects.update_or_create(
        username="bench_province", defaults={"role": "official", "division": province}
    )
    county = Division.objects.get(code=COUNTY)
    officer, _ = User.objects.update_or_create(
        username="bench_county", defaults={"role": "county_officer", "division": county}
    )
    n_counties = Division.objects.filter(level=3).count()
    n_province = Division.objects.filter(level=3, code__startswith=PROVINCE).count()
    print(
        f"{Figure.objects.count()} figure rows; {n_counties} counties, {n_province} in {province.name}; "
        f"{connection.vendor}"
    )

    patterns = [path("bench/bare/", login_required(bare)), path("", include("shouhu.urls"))]
    urlconf = type("urls", (), {"urlpatterns": patterns})
    nat, prov, cty = client_for(national), client_for(provincial), client_for(officer)

    def rows(response):
        ctx = response.context
        if ctx is None or "b" not in ctx:
            return ""
        page = ctx["b"].page
        return f"{page.paginator.count if page else 0} areas" if page is not None else ""

    cases = [
        ("baseline: bare page (login, middleware)", nat, "/bench/bare/"),
        ("national: provinces, visits", nat, "/board/", {"group": "visits"}),
        ("national: provinces, protection", nat, "/board/", {"group": "protection"}),
        (
            "national: every county by overdue",
            nat,
            "/board/",
            {"group": "visits", "by": "county", "sort": "visits_overdue"},
        ),
        ("national: every county, last page", nat, "/board/", {"group": "visits", "by": "county", "page": "60"}),
        ("province: prefectures, registry", prov, "/board/", {"group": "registry"}),
        (
            "province: every county by overdue",
            prov,
            "/board/",
            {"group": "visits", "by": "county", "sort": "visits_overdue"},
        ),
        ("province: growth", prov, "/board/", {"group": "growth"}),
        ("county (officer): townships", cty, "/board/", {"group": "visits"}),
        ("township (officer)", cty, "/board/", {"group": "visits", "area": township.code if township else COUNTY}),
        ("province: .xlsx export", prov, "/board/export.xlsx", {"group": "visits", "by": "county"}),
    ]
    with override_settings(ROOT_URLCONF=urlconf):
        time_pages(cases, args.runs, width=42, describe=rows)


if __name__ == "__main__":
    main()
