"""Helpers shared by the real-browser tests: the Chromium to drive, screen sizes, logging in, forms."""

import re
from pathlib import Path

from django.utils import translation

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = "Chromium not installed at /usr/bin/chromium: browser tests skipped (apt-get install chromium)"
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
DESKTOP = {
    "viewport": {"width": 1280, "height": 900},
    "device_scale_factor": 1,
    "is_mobile": False,
    "has_touch": False,
    "locale": "zh-CN",
}
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
PROFILE_URL = re.compile(r"/children/[0-9a-f-]{36}/$")


def tr(message: str, language: str = "zh-hans", **params) -> str:
    """What the server shows for `message` in `language`: computed, so no translation is hard-coded."""
    with translation.override(language):
        text = translation.gettext(str(message))
    return text % params if params else text


def label(lazy, language: str = "zh-hans") -> str:
    """A lazy label (a choice's label, a form error) rendered in `language`."""
    with translation.override(language):
        return str(lazy)


def log_in(page, live_server, user, password: str):
    """Log in through the real form, as a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def fill_child_form(
    page,
    *,
    name: str,
    sex: str = "F",
    dob: str = "2016-04-12",
    id_number: str = "",
    hukou: str | None = "rural",
    school: str = "金城镇中心小学",
    work_city: str = "东莞",
):
    """The register form as a CWD fills it for a rural left-behind child living with her grandmother."""
    page.locator("#id_name").fill(name)
    page.locator(f"input[name=sex][value={sex}]").check()
    page.locator("#id_date_of_birth").fill(dob)
    if id_number:
        page.locator("#id_id_number").fill(id_number)
    if hukou:
        page.locator("#id_hukou_type").select_option(hukou)
    page.locator("input[name=categories][value=rural_left_behind]").check()
    page.locator("#id_schooling_status").select_option("primary")
    page.locator("#id_school").fill(school)
    for role, parent_name in (("father", "陈大勇"), ("mother", "周丽")):
        page.locator(f"#id_{role}-name").fill(parent_name)
        page.locator(f"#id_{role}-migration_status").select_option("away_outside")
        page.locator(f"#id_{role}-work_city").fill(work_city)
    page.locator("#id_household-has_caregiver").check()
    page.locator("#id_household-caregiver_name").fill("陈奶奶")
    page.locator("#id_household-caregiver_relation").select_option("grandmother")


def submit_child_form(page):
    page.locator("form.childform button[type=submit]").tap()
