"""The printed file's audit entries (see audit.registry and audit.reads)."""

from django.utils.translation import gettext_lazy as _

from audit.reads import register_page
from audit.registry import register

# A batch print asked for: which village, how many open files (the PDF's download is the export).
BATCH_PRINT = register("batch_prt", _("Batch print requested"))

register_page("dossier", _("Printed file (PDF)"))
register_page("dossier_batch", _("Village batch print (PDF)"))
