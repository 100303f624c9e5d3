"""Every alert reads as a sentence a village worker understands, in each language: the codes
the apps store in an alert's params (risk reasons, services, channels) never show raw."""

import re
import uuid

import pytest
from django.utils import translation

from alerts import kinds
from alerts.models import Alert

# Params as each app raises them (see each app's actions/services), with the codes it stores.
SAMPLES = {
    "new_red": {"reasons": ["sam", "acute_malnutrition", "stunting"]},
    "overdue_visit": {"due": "2026-11-30"},
    "contact_lapsed": {"days": 45},
    "under16_without_guardian": {},
    "under8_unattended": {},
    "no_caregiver_parents_away": {},
    "policy_alert": {"reason": "imminent_danger", "text": "The child is in immediate danger."},
    "supervisor_comment": {"author": "王芳", "text": "请再去一次", "visit": str(uuid.uuid4())},
    "referral_new": {"referral": str(uuid.uuid4()), "service": "health", "urgency": "high"},
    "referral_accepted": {"referral": str(uuid.uuid4()), "organisation": "县医院", "note": "明天来"},
    "referral_declined": {"referral": str(uuid.uuid4()), "organisation": "县医院", "note": ""},
    "referral_in_progress": {"referral": str(uuid.uuid4()), "organisation": "县医院", "note": ""},
    "referral_completed": {"referral": str(uuid.uuid4()), "organisation": "县医院", "note": "已完成"},
    "referral_overdue": {"referral": str(uuid.uuid4()), "organisation": "县医院"},
    "report_filed": {"report": str(uuid.uuid4()), "filer": "李红", "body": "城关派出所", "channel": "police_station"},
    "report_feedback_overdue": {
        "report": str(uuid.uuid4()),
        "due": "2026-11-30",
        "reported": "2026-11-01",
        "body": "城关派出所",
        "days": 12,
        "level": "county",
    },
    "truancy": {"count": 5, "days": 30, "school": "金城镇中心小学"},
    "dropout": {"school": "金城镇中心小学", "date": "2026-11-20", "reason": "外出打工", "bureau": "县教育局"},
    "case_plan_submitted": {"plan": str(uuid.uuid4()), "author": "王芳"},
    "case_plan_approved": {"plan": str(uuid.uuid4()), "by": "赵强", "note": ""},
    "case_plan_returned": {"plan": str(uuid.uuid4()), "by": "赵强", "note": "补充监护人电话"},
    "case_action_overdue": {"plan": str(uuid.uuid4()), "action": "联系学校", "due": "2026-11-30"},
    "case_review_due": {"plan": str(uuid.uuid4()), "due": "2026-11-30"},
    "other": {"text": "请联系乡镇"},
    "school_ambiguous": {"school": "石佛小学", "pupil": "张伟", "born": "2015-03-08", "count": 2},
    "sweep_started": {
        "sweep": "8f73bde1-ef50-4ae8-b7f2-47dfe040d1e0",
        "village": "511324100201",
        "name": "2026年摸底排查",
        "count": 42,
        "deadline": "2026-12-31",
    },
    "afterschool_enrolled": {"class": "周三书法班"},  # the extension app of the test settings
    "recheck_condition_counts": {
        "role": "father",
        "condition": "imprisoned",
        "start": "2026-05-30",
        "date": "2026-11-30",
        "months": 6,
    },
    "recheck_lbc_condition_counts": {
        "role": "father",
        "condition": "serious_illness",
        "start": "2025-11-30",
        "date": "2026-11-30",
        "months": 12,
    },
    "recheck_condition_ended": {
        "role": "mother",
        "condition": "drug_rehab",
        "start": "2025-01-10",
        "date": "2026-11-30",
    },
    "recheck_left_behind_age": {"age": 16, "date": "2026-11-30"},
    "recheck_turned_18": {"age": 18, "date": "2026-11-30"},
    "benefit_to_review": {"application": "7d0c5a52-8f3e-4a51-9a0e-2c1f8f6b2a11", "until": "2026-12-07"},
    "benefit_to_approve": {"application": "7d0c5a52-8f3e-4a51-9a0e-2c1f8f6b2a11"},
    "benefit_decided": {"application": "7d0c5a52-8f3e-4a51-9a0e-2c1f8f6b2a11", "outcome": "approved"},
    "benefit_returned": {"application": "7d0c5a52-8f3e-4a51-9a0e-2c1f8f6b2a11", "note": "请补充监狱出具的服刑证明"},
    "benefit_mismatch": {"benefit": "0b6f3c1e-3a5d-4f7e-9b2a-6c8d1e2f3a4b"},
    "benefit_near_18": {"benefit": "0b6f3c1e-3a5d-4f7e-9b2a-6c8d1e2f3a4b", "day": "2027-01-15"},
    "benefit_recheck_due": {"benefit": "0b6f3c1e-3a5d-4f7e-9b2a-6c8d1e2f3a4b", "day": "2026-11-30"},
    "training_expiring": {"course": "强制报告", "course_id": 3, "date": "2027-01-15"},
    "training_expired": {"course": "强制报告", "worker": "李红", "date": "2026-11-30"},
    "conference_invited": {
        "conference": "5b1f8f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "agency": "金城派出所",
        "date": "2026-12-03",
        "place": "镇政府会议室",
    },
    "conference_action": {
        "conference": "5b1f8f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "agency": "金城派出所",
        "due": "2026-12-10",
        "what": "上门核查",
    },
    "conference_overdue": {
        "conference": "5b1f8f2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "agency": "金城镇中心小学",
        "due": "2026-11-20",
        "what": "每天记录出勤",
    },
    "family_linked": {"name": "张父", "relation": "father"},
    "family_entrusted": {"name": "张父", "caregiver": "张奶奶"},
    "family_notice": {"link": 3},
    "family_answered": {"name": "张父", "answer": "我今天给老师打电话。"},
    "benefit_stopped": {
        "benefit": "0b6f3c1e-3a5d-4f7e-9b2a-6c8d1e2f3a4b",
        "village": "511324100201",
        "reason": "died",
        "stop": "2026-12",
        "last_paid": "2026-11",
    },
    "caseload_over_norm": {
        "worker": "5b9e7c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c",
        "name": "张秀英",
        "files": 72,
        "hours": 46.5,
        "max_files": 60,
        "max_hours": 40,
    },
    "term_ending": {"worker": "5b9e7c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c", "name": "张秀英", "date": "2026-12-31"},
    "handover_received": {
        "handover": "6c0f8d2b-3e4a-4f6b-9c7d-8e9f0a1b2c3d",
        "name": "苏桂兰",
        "date": "2026-11-12",
        "count": 5,
    },
    "supervision_action_overdue": {"village": "石佛村", "date": "2026-11-30", "text": "张贴强制报告宣传海报"},
}
# Other params alerts were stored with, or that a kind must survive: old and edge cases.
EDGE_CASES = [
    ("new_red", {"reasons": "sam"}),  # stored before the reasons were a list
    ("new_red", {"reasons": []}),
    ("new_red", {"reasons": ["county_own_reason"], "texts": {"county_own_reason": "县里自定的原因。"}}),
    ("new_red", {"reasons": ["county_own_reason"]}),
    ("policy_alert", {"reason": "county_own_reason", "text": ""}),
    ("contact_lapsed", {"days": None}),
    ("dropout", {"school": "金城镇中心小学", "date": "2026-11-20", "reason": "", "bureau": ""}),
    ("report_feedback_overdue", {"due": "2026-11-30", "reported": "2026-11-01", "body": "城关派出所"}),
    ("recheck_condition_counts", {"role": "", "condition": "county_own_condition", "date": "2026-11-30"}),
]
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
PYTHON_LIST = re.compile(r"[\[\]{}]|', '|\['|'\]")
LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")  # a Chinese or Japanese sentence has no English words
# The kind of the test suite's extension app: not shipped, so not translated (but never a code).
UNTRANSLATED = {"afterschool_enrolled"}


def assert_plain(text: str, language: str, what: str) -> None:
    assert text.strip(), what
    assert not SNAKE.search(text), (what, text)
    assert not PYTHON_LIST.search(text), (what, text)
    assert "None" not in text, (what, text)
    if language != "en" and what not in UNTRANSLATED:
        assert not LOWER_WORD.search(text), (what, text)


def test_every_registered_kind_has_a_sample():
    assert {code for code, _ in kinds.choices()} == set(SAMPLES)


@pytest.mark.parametrize("language", ["zh-hans", "en", "ja"])
def test_every_kind_reads_as_a_plain_sentence(people, kids, language):
    with translation.override(language):
        for code, params in [*SAMPLES.items(), *EDGE_CASES]:
            alert = Alert(recipient=people["cwd_a"], kind=code, child=kids["a"], params=params)
            assert_plain(kinds.alert_text(alert), language, code)
            assert_plain(kinds.label(code), language, code)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "最近一次测量显示重度急性营养不良"),
        ("en", "Severe acute malnutrition at the latest measurement."),
        ("ja", "重度急性栄養不良"),
    ],
)
def test_a_red_alert_gives_its_reasons_in_words(people, kids, language, expected):
    alert = Alert(recipient=people["cwd_a"], kind="new_red", child=kids["a"], params=SAMPLES["new_red"])
    with translation.override(language):
        text = kinds.alert_text(alert)
    assert expected in text
    assert kids["a"].name in text
