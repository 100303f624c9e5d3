"""The SMS channel: one function, `send(phone, text)`, and the backend settings name
(`SHOUHU_SMS_BACKEND`, a dotted path to a callable `(phone, text) -> None`). The default keeps the
message in the outbox table (development and tests: the test double); a deployment sets its
provider's adapter (e.g. Aliyun or Tencent Cloud SMS, whose templates need approval first)."""

from django.conf import settings
from django.utils.module_loading import import_string

from .models import OutboxMessage


def outbox(phone: str, text: str) -> None:
    OutboxMessage.objects.create(phone=phone, text=text)


def send(phone: str, text: str) -> None:
    import_string(getattr(settings, "SHOUHU_SMS_BACKEND", "family.sms.outbox"))(phone, text)
