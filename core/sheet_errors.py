"""What a user reads when a whole sheet cannot be read: core.sheets' error codes in words.

core.sheets is Django-free and reports codes with their parameters; every upload page words the
file-level ones the same way, from here. A page words the codes about its own columns (an empty
sheet, a missing header) itself: `file_message` returns None for them.
"""

from django.utils.translation import gettext as _

from .sheets import SheetError


def file_message(error: SheetError) -> str | None:
    p = error.params
    if error.code == "too_large":
        return _("The file is larger than %(mb)s MB. Split it into smaller sheets.") % {"mb": p["mb"]}
    if error.code == "too_many_rows":
        return _("The sheet has more than %(max)s rows. Split it into smaller sheets.") % {"max": p["max"]}
    if error.code == "unpacked_too_large":
        return _(
            "This workbook unpacks to more than %(mb)s MB or is not an ordinary Excel file. "
            "Save it again in Excel, or split it into smaller sheets."
        ) % {"mb": p["mb"]}
    if error.code == "cell_too_large":
        return _("A cell in row %(row)s holds more than %(max)s characters, more than Excel allows.") % {
            "row": p["row"],
            "max": p["max"],
        }
    if error.code == "bad_workbook":
        return _("This file could not be read as an Excel workbook.")
    if error.code == "bad_csv":
        return _("This file could not be read as a CSV file.")
    if error.code == "file_type":
        return _("Upload an Excel (.xlsx) or CSV file.")
    return None
