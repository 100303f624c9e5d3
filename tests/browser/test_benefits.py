"""Issue 14 in a real browser: a de facto unsupported child from eligibility to money and out.

The CWD (360 px phone, Chinese) applies from the child's profile, attaches the court judgment and
puts up the village notice; the township supervisor reviews and the county officer approves at
their laptops; the county builds the first roll with the child, issues it and records the payment;
the father is released and the CWD asks to stop the allowance, which stops from the month after,
with the last month paid recorded. Screenshots go to test-results/benefits-*.png.
"""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from benefits import actions, months
from benefits.models import Application, Benefit, PaymentStandard
from children import choices as c
from conftest import PASSWORD, make_child

from .support import CHROMIUM, DESKTOP, NO_CHROMIUM, log_in, scroll_width

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

APP_URL = re.compile(r"/allowances/applications/[0-9a-f-]{36}/$")


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buf, "PNG")
    return buf.getvalue()


def test_from_eligibility_to_payment_and_exit(new_context, live_server, people, geo, results_dir):
    today = timezone.localdate()
    child = make_child(
        geo["village_a"],
        "周小雨",
        father={
            "condition": c.ParentCondition.IMPRISONED,
            "condition_start": date(2023, 1, 10),
            "condition_evidence": "判决书",
            "migration_status": c.MigrationStatus.AT_HOME,
        },
        mother={"vital_status": c.VitalStatus.DEAD, "migration_status": c.MigrationStatus.AT_HOME},
        categories=(c.Category.DE_FACTO_UNSUPPORTED,),
    )
    PaymentStandard.objects.create(
        division=geo["county"],
        category="de_facto_unsupported",
        effective_from=date(2025, 1, 1),
        amount=Decimal("1593.40"),
    )
    shot = lambda page, name: page.screenshot(path=str(results_dir / f"benefits-{name}.png"), full_page=True)  # noqa: E731

    # The CWD on her phone: the profile says the child qualifies; she applies.
    phone = new_context().new_page()
    log_in(phone, live_server, people["cwd_a"], PASSWORD)
    phone.goto(f"{live_server.url}/children/{child.uuid}/")
    card = phone.locator("[data-benefit-card]")
    expect(card).to_contain_text("事实无人抚养")
    card.locator("[data-apply]").tap()
    expect(phone.locator("[data-finding=de_facto_unsupported][data-meets='1']")).to_be_visible()
    phone.fill("#id_applicant_name", "周秀英")
    phone.fill("#id_applicant_relation", "奶奶")
    assert scroll_width(phone) <= 360
    shot(phone, "1-apply-phone")
    phone.locator("form[data-form=benefit-apply] button[type=submit]").tap()
    phone.wait_for_url(APP_URL)
    phone.select_option("#id_kind", "judgment")
    phone.set_input_files("#id_file", files=[{"name": "判决书.png", "mimeType": "image/png", "buffer": _png()}])
    phone.locator("form[data-form=evidence] button[type=submit]").tap()
    expect(phone.locator("[data-evidence] li a")).to_have_count(1)
    # The notice went up ten days ago (the posting period has passed).
    phone.fill("#id_posting_from", (today - timedelta(days=10)).isoformat())
    phone.locator("form[data-form=submit] button[type=submit]").tap()
    expect(phone.locator("[data-status=posting]")).to_be_visible()
    assert scroll_width(phone) <= 360
    shot(phone, "2-posted-phone")
    phone.locator("[data-print-notice]").tap()
    expect(phone.locator("[data-masked]")).to_have_text("周**")
    expect(phone.locator("[data-notice]")).not_to_contain_text("周小雨")
    shot(phone, "3-notice-phone")
    app = Application.objects.get()

    # The township supervisor reviews at the laptop.
    sup = new_context(**DESKTOP).new_page()
    log_in(sup, live_server, people["supervisor"], PASSWORD)
    sup.goto(f"{live_server.url}/allowances/")
    sup.locator(f"[data-app='{app.uuid}'] a").click()
    sup.fill("#id_opinion", "经入户核实，父亲服刑至2027年，母亲已故，情况属实")
    sup.locator("form[data-form=review] button[type=submit]").click()
    expect(sup.locator("[data-status=county]")).to_be_visible()
    shot(sup, "4-reviewed-laptop")

    # The county officer approves (paid from next month), builds the month's roll, issues it and
    # records the bank's payment.
    county = new_context(**DESKTOP).new_page()
    log_in(county, live_server, people["county"], PASSWORD)
    county.goto(f"{live_server.url}/allowances/applications/{app.uuid}/")
    county.fill("#id_opinion", "同意")
    county.locator("form[data-form=approve] button[type=submit]").click()
    expect(county.locator("[data-approved]")).to_be_visible()
    benefit = Benefit.objects.get()
    first = months.start_month(today)
    assert benefit.start_month == first
    county.goto(f"{live_server.url}/allowances/rolls/")
    county.fill("#id_month", first.strftime("%Y-%m"))
    county.locator("form[data-form=build] button[type=submit]").click()
    expect(county.locator(f"[data-line='{child.uuid}']")).to_contain_text("1593.40")
    expect(county.locator("[data-total-amount]")).to_have_text("1593.40")
    shot(county, "5-roll-laptop")
    county.locator("form[data-form=issue] button[type=submit]").click()
    expect(county.locator("[data-roll-status=issued]")).to_be_visible()
    county.locator("form[data-form=all-paid] button[type=submit]").click()
    expect(county.locator(f"[data-line='{child.uuid}'][data-payment=paid]")).to_be_visible()
    benefit.refresh_from_db()
    assert benefit.last_paid_month == first

    # The father is released in the first month paid: the CWD asks to stop the allowance.
    released = first + timedelta(days=14)
    phone.goto(f"{live_server.url}/allowances/{benefit.uuid}/")
    expect(phone.locator("[data-last-paid]")).to_have_text(first.strftime("%Y-%m"))
    phone.locator("[data-stop] summary").tap()
    phone.select_option("#id_exit_reason", "parent_returned")
    phone.fill("#id_event_on", released.isoformat())
    phone.fill("#id_note", "父亲刑满释放回家，能照顾孩子")
    assert scroll_width(phone) <= 360
    shot(phone, "6-stop-phone")
    phone.locator("form[data-form=stop] button[type=submit]").tap()
    phone.wait_for_url(APP_URL)
    phone.locator("form[data-form=submit] button[type=submit]").tap()
    expect(phone.locator("[data-status=township]")).to_be_visible()
    stop = Application.objects.get(kind="exit")
    sup.goto(f"{live_server.url}/allowances/applications/{stop.uuid}/")
    sup.fill("#id_opinion", "父亲已刑满释放，同意停发")
    sup.locator("form[data-form=review] button[type=submit]").click()
    county.goto(f"{live_server.url}/allowances/applications/{stop.uuid}/")
    county.fill("#id_opinion", "同意停发")
    county.locator("form[data-form=approve] button[type=submit]").click()
    expect(county.locator("[data-status=approved]")).to_be_visible()
    benefit.refresh_from_db()
    assert benefit.stop_month == months.add(first, 1)
    assert benefit.exit_reason == "parent_returned"
    assert benefit.last_paid_month == first
    phone.goto(f"{live_server.url}/allowances/{benefit.uuid}/")
    expect(phone.locator("[data-stop-month]")).to_have_text(months.add(first, 1).strftime("%Y-%m"))
    expect(phone.locator("[data-last-paid]")).to_have_text(first.strftime("%Y-%m"))
    expect(phone.locator("[data-exit-reason=parent_returned]")).to_be_visible()
    assert scroll_width(phone) <= 360
    shot(phone, "7-stopped-phone")
    for page in (phone, sup, county):
        assert page.context.js_errors == []


def test_closing_the_file_stops_the_allowance_and_the_county_sees_its_figures(
    new_context, live_server, people, geo, results_dir
):
    """The CWD closes the file of a child paid last month (the parents came home): the allowance
    stops from the next month on its own, the county officer is told, and the county's dashboard
    (laptop width) shows the figures by area, the waiting applications and the spending."""
    today = timezone.localdate()
    first = months.add(months.month_of(today), -1)
    PaymentStandard.objects.create(
        division=geo["county"],
        category="de_facto_unsupported",
        effective_from=date(2025, 1, 1),
        amount=Decimal("1593.40"),
    )
    prison = {
        "condition": c.ParentCondition.IMPRISONED,
        "condition_start": date(2023, 1, 10),
        "condition_evidence": "判决书",
        "migration_status": c.MigrationStatus.AT_HOME,
    }
    dead = {"vital_status": c.VitalStatus.DEAD, "migration_status": c.MigrationStatus.AT_HOME}
    kids = [
        make_child(geo["village_a"], name, father=prison, mother=dead, categories=(c.Category.DE_FACTO_UNSUPPORTED,))
        for name in ("周小雨", "李小兰", "王小明")
    ]
    for kid in kids[:2]:
        app = actions.do_create_application(people["cwd_a"], kid, category="de_facto_unsupported")
        actions.do_submit(people["cwd_a"], app, posting_from=today - timedelta(days=10))
        actions.do_review(people["supervisor"], app, opinion="属实")
        actions.do_approve(people["county"], app, opinion="同意", start_month=first)
    waiting = actions.do_create_application(people["cwd_a"], kids[2], category="de_facto_unsupported")
    actions.do_submit(people["cwd_a"], waiting, posting_from=today - timedelta(days=3))
    roll = actions.do_build_roll(people["county"], first)
    actions.do_issue_roll(people["county"], roll)
    actions.do_record_payments(people["county"], roll, outcome="paid")
    benefit = Benefit.objects.get(child=kids[0])
    shot = lambda page, name: page.screenshot(path=str(results_dir / f"benefits-{name}.png"), full_page=True)  # noqa: E731

    # The CWD closes the file on her phone: the parents came home.
    phone = new_context().new_page()
    log_in(phone, live_server, people["cwd_a"], PASSWORD)
    phone.goto(f"{live_server.url}/children/{kids[0].uuid}/")
    close = phone.locator("form[action$='/close/']")
    close.locator("xpath=ancestor::details").locator("summary").tap()
    close.locator("select[name=reason]").select_option(c.ClosureReason.PARENTS_RETURNED)
    close.locator("input[name=closed_on]").fill(today.isoformat())
    assert scroll_width(phone) <= 360
    shot(phone, "8-close-phone")
    close.locator("button[type=submit]").tap()
    expect(phone.locator(".notice").first).to_be_visible()
    benefit.refresh_from_db()
    assert benefit.stop_month == months.stop_month(today)
    assert benefit.exit_reason == "parent_returned"
    assert benefit.last_paid_month == first

    # The county officer is told, and the allowance shows why and when it stopped.
    county = new_context(**DESKTOP).new_page()
    log_in(county, live_server, people["county"], PASSWORD)
    county.goto(f"{live_server.url}/inbox/")
    expect(county.locator("body")).to_contain_text("周小雨")
    expect(county.locator("body")).to_contain_text(first.strftime("%Y-%m"))
    county.goto(f"{live_server.url}/allowances/{benefit.uuid}/")
    expect(county.locator("[data-stop-month]")).to_have_text(months.stop_month(today).strftime("%Y-%m"))
    expect(county.locator("[data-last-paid]")).to_have_text(first.strftime("%Y-%m"))
    expect(county.locator("[data-exit-reason=parent_returned]")).to_be_visible()

    # The county's dashboard at the laptop: the township, then its villages; the application
    # waiting; last month's spending; the child who qualifies and is not yet paid.
    county.goto(f"{live_server.url}/allowances/")
    county.locator("[data-dashboard-link]").click()
    areas = county.locator("[data-table=areas]")
    expect(areas.locator(f"[data-area='{geo['t1'].pk}']")).to_contain_text("1")  # one still running
    expect(areas.locator("[data-areas-total]")).to_contain_text("1")
    expect(county.locator("[data-step=posting]")).to_contain_text("1")
    expect(county.locator(f"[data-app='{waiting.uuid}']")).to_contain_text("王小明")
    expect(county.locator(f"[data-month='{first:%Y-%m}']")).to_contain_text("3186.80")
    expect(county.locator("[data-gap-link]")).to_contain_text("1")
    assert scroll_width(county) <= 1280
    shot(county, "9-dashboard-laptop")
    areas.locator(f"[data-area='{geo['t1'].pk}'] a").click()
    expect(county.locator(f"[data-area='{geo['village_a'].pk}']")).to_contain_text("1")
    shot(county, "10-dashboard-villages-laptop")
    with county.expect_download() as download:
        county.locator("[data-xlsx=spending]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    for page in (phone, county):
        assert page.context.js_errors == []
