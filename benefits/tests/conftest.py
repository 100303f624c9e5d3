from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from benefits import actions
from benefits.models import Application, PaymentStandard
from children import choices as c
from conftest import make_child, make_user

TODAY = timezone.localdate()
# Imprisoned for two years, with the court's judgment; the mother dead: 事实无人抚养 (DOMAIN.md §1.5).
PRISON = {
    "condition": c.ParentCondition.IMPRISONED,
    "condition_start": date(2023, 1, 10),
    "condition_evidence": "判决书",
    "migration_status": c.MigrationStatus.AT_HOME,
}
DEAD = {"vital_status": c.VitalStatus.DEAD, "migration_status": c.MigrationStatus.AT_HOME}


@pytest.fixture
def dfu(geo):
    return make_child(
        geo["village_a"], "周小雨", father=PRISON, mother=DEAD, categories=(c.Category.DE_FACTO_UNSUPPORTED,)
    )


@pytest.fixture
def finance(geo):
    return make_user("finance", User.Role.FINANCE, geo["county"], full_name="财务员")


@pytest.fixture
def standards(geo):
    # The 2025 national averages (DOMAIN.md §2 W3), set for the county.
    for cat, amount in (
        ("orphan_institutional", "2069.90"),
        ("orphan_dispersed", "1606.80"),
        ("de_facto_unsupported", "1593.40"),
    ):
        PaymentStandard.objects.create(
            division=geo["county"], category=cat, effective_from=date(2025, 1, 1), amount=Decimal(amount)
        )


def approved(child, people, *, start=None) -> Application:
    """A new application taken through posting, township review and county approval."""
    app = actions.do_create_application(
        people["cwd_a"], child, category="de_facto_unsupported", applicant_name="周奶奶", applicant_relation="祖母"
    )
    actions.do_submit(people["cwd_a"], app, posting_from=TODAY - timedelta(days=10))
    actions.do_review(people["supervisor"], app, opinion="情况属实")
    actions.do_approve(people["county"], app, opinion="同意", start_month=start)
    app.refresh_from_db()
    return app
