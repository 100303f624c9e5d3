"""Training's own audit actions (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register

COURSE = register("tr_course", _("Training course saved"))
SESSION = register("tr_session", _("Training session recorded"))
QUIZ = register("tr_quiz", _("Training quiz taken"))
CERTIFICATE = register("tr_cert", _("Training certificate issued"))
EXPORT = register("tr_export", _("Training records exported"))
