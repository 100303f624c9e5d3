"""Notification channels. Each alert is stored in the inbox; channels send copies elsewhere.

A channel is a class with `send(alert) -> None`; settings.SHOUHU_NOTIFICATION_CHANNELS lists
the dotted paths. Shouhu ships the log channel; an SMS or messaging-app channel implements
the same method (and must not put a child's name in a message that leaves the system).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("shouhu.alerts")


class Channel:
    def send(self, alert) -> None:
        raise NotImplementedError


class LogChannel(Channel):
    """Writes one line per alert to the log (console in development)."""

    def send(self, alert) -> None:
        logger.info(
            "alert %s kind=%s recipient=%s child=%s", alert.uuid, alert.kind, alert.recipient_id, alert.child_id
        )


def channels() -> list[Channel]:
    return [import_string(path)() for path in getattr(settings, "SHOUHU_NOTIFICATION_CHANNELS", [])]


def deliver(alerts) -> None:
    for channel in channels():
        for alert in alerts:
            try:
                channel.send(alert)
            except Exception:  # a failing channel must not lose the inbox copy or the others
                logger.exception("channel %s failed for alert %s", type(channel).__name__, alert.uuid)
