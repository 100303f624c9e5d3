"""Family link (issue 21): the CWD invites a father by phone, he verifies with the one-time code,
confirms the entrustment, logs a video call (his last contact moves), answers a notice; he reaches
only his own child (404 for everything else); wrong codes are counted and expire."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert
from children.models import Parent
from conftest import make_child
from core.errors import ActionError
from family import actions
from family.alert_kinds import ANSWERED, ENTRUSTED, LINKED
from family.models import Link, OutboxMessage

TODAY = timezone.localdate()
PHONE = "138 0000 1111"
PASSWORD = "Zhang-fu-2026!x"


@pytest.fixture
def child(geo):
    return make_child(geo["village_a"], "张小明")


def code_sent() -> str:
    return re.search(r"\b(\d{6})\b", OutboxMessage.objects.latest("pk").text).group(1)


@pytest.fixture
def father(people, child):
    actions.do_invite(people["cwd_a"], child, relation="father", name="张父", phone=PHONE)
    return actions.do_verify("13800001111", code_sent(), PASSWORD)


def test_the_invitation_sends_a_code_and_verifying_links_the_father(people, child):
    link = actions.do_invite(people["cwd_a"], child, relation="father", name="张父", phone="+86 138-0000-1111")
    message = OutboxMessage.objects.get()
    assert message.phone == "13800001111"
    assert "张小明" in message.text
    assert link.code_hash
    assert code_sent() not in link.code_hash
    user = actions.do_verify("13800001111", code_sent(), PASSWORD)
    assert user.role == User.Role.PARENT
    assert user.username == "13800001111"
    assert user.check_password(PASSWORD)
    link.refresh_from_db()
    assert link.status == Link.Status.ACTIVE
    assert link.user == user
    assert link.code_hash == ""
    assert Alert.objects.filter(kind=LINKED, recipient=people["cwd_a"]).exists()


def test_wrong_codes_count_and_five_end_the_invitation(people, child):
    link = actions.do_invite(people["cwd_a"], child, relation="mother", name="刘母", phone=PHONE)
    right = code_sent()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ActionError):
            actions.do_verify(PHONE, wrong, PASSWORD)
    link.refresh_from_db()
    assert link.attempts == 5
    with pytest.raises(ActionError):
        actions.do_verify(PHONE, right, PASSWORD)  # too late now, even with the right code
    with pytest.raises(ActionError):
        actions.do_invite(people["cwd_a"], child, relation="mother", name="刘母", phone="12345")


def test_an_expired_code_is_refused(people, child):
    link = actions.do_invite(people["cwd_a"], child, relation="father", name="张父", phone=PHONE)
    Link.objects.filter(pk=link.pk).update(code_expires=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ActionError):
        actions.do_verify(PHONE, code_sent(), PASSWORD)


def test_the_father_confirms_the_entrustment_logs_a_call_and_answers(client, people, child, father):
    link = Link.objects.get(user=father)
    client.force_login(father)
    page = client.get(reverse("family_home"))
    assert page.status_code == 200
    assert "张小明" in page.content.decode()
    response = client.post(
        reverse("family_entrust", args=[link.pk]),
        {
            f"e{link.pk}-caregiver_name": "张奶奶",
            f"e{link.pk}-caregiver_relation": "奶奶",
            f"e{link.pk}-since": str(TODAY - timedelta(days=400)),
            f"e{link.pk}-statement": "on",
        },
    )
    assert response.status_code == 302
    assert Alert.objects.filter(kind=ENTRUSTED, recipient=people["cwd_a"]).exists()
    Parent.objects.filter(household=child.household, role="father").update(last_contact=TODAY - timedelta(days=40))
    client.post(reverse("family_call", args=[link.pk]), {f"c{link.pk}-on": str(TODAY), f"c{link.pk}-mode": "video"})
    assert Parent.objects.get(household=child.household, role="father").last_contact == TODAY
    notice = actions.do_send_notice(people["cwd_a"], child, "小明这周有两天没去上学，请给班主任打个电话。")
    client.post(reverse("family_answer", args=[link.pk, notice.pk]), {f"a{link.pk}-answer": "我今天给老师打电话。"})
    notice.refresh_from_db()
    assert notice.answer == "我今天给老师打电话。"
    assert notice.answered_by == link
    assert Alert.objects.filter(kind=ANSWERED, recipient=people["cwd_a"]).exists()
    # The CWD sees all of it on the child's family page.
    client.force_login(people["cwd_a"])
    body = client.get(reverse("family_child", args=[child.uuid])).content.decode()
    assert "我今天给老师打电话。" in body
    assert "张奶奶" in body
    assert TODAY.isoformat() in body


def test_the_father_reaches_nothing_but_his_own_childs_family_page(client, people, child, father, geo):
    other = make_child(geo["village_a"], "李四")
    other_link = actions.do_invite(people["cwd_a"], other, relation="father", name="李父", phone="13900002222")
    notice = actions.do_send_notice(people["cwd_a"], other, "x")
    client.force_login(father)
    mine = Link.objects.get(user=father)
    for url in (
        reverse("child_detail", args=[child.uuid]),
        reverse("child_detail", args=[other.uuid]),
        reverse("family_child", args=[child.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (reverse("roster"), reverse("referral_list")):  # lists show him nothing
        response = client.get(url)
        body = response.content.decode() if response.status_code == 200 else ""
        assert "李四" not in body, url
        assert "张小明" not in body, url
    assert client.post(reverse("family_call", args=[other_link.pk]), {}).status_code == 404
    assert client.post(reverse("family_answer", args=[mine.pk, notice.pk]), {}).status_code == 404
    assert "李四" not in client.get(reverse("family_home")).content.decode()


def test_only_the_childs_cwd_or_supervisor_invites(people, child):
    with pytest.raises(ActionError):
        actions.do_invite(people["cwd_c"], child, relation="father", name="张父", phone=PHONE)
    with pytest.raises(ActionError):
        actions.do_invite(people["partner"], child, relation="father", name="张父", phone=PHONE)
    assert actions.do_invite(people["supervisor"], child, relation="father", name="张父", phone=PHONE)


def test_a_staff_number_cannot_become_a_parent_account(people, child):
    people["cwd_b"].username = "13800001111"
    people["cwd_b"].save()
    actions.do_invite(people["cwd_a"], child, relation="father", name="张父", phone=PHONE)
    with pytest.raises(ActionError):
        actions.do_verify(PHONE, code_sent(), PASSWORD)


def test_join_page_logs_the_parent_in(client, people, child):
    actions.do_invite(people["cwd_a"], child, relation="father", name="张父", phone=PHONE)
    response = client.post(reverse("family_join"), {"phone": PHONE, "code": "999999", "password": PASSWORD})
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    response = client.post(reverse("family_join"), {"phone": PHONE, "code": code_sent(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("family_home")
    assert client.get(reverse("home")).url == reverse("family_home")
