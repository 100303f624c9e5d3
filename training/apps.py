"""Training and certification of the workforce (DOMAIN.md W10): courses, sessions, self-study
modules with a quiz, learning hours and certificates with expiry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")
