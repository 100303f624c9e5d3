"""What allowances keep once their child's file is minimised (see retention.registry): the
category, the months, the amounts, the payments and the steps' kinds and dates, which statistics
count (MPL Art. 13); the people's names, the family's words, the opinions and the documents go."""

from retention.registry import erased, register

from .models import Application, Evidence, Objection, Step


@register
def erase_benefit_text(child_ids: list[int]) -> None:
    apps = Application.objects.filter(child_id__in=child_ids)
    apps.update(
        applicant_name="",
        applicant_relation="",
        request_reason="",
        note="",
        township_opinion="",
        county_opinion="",
        return_note="",
        eligibility_reasons=[],
    )
    # A refusal must keep a reason (benefit_refusal_has_reason): a placeholder does.
    apps.exclude(refusal_reason="").update(refusal_reason=erased())
    Step.objects.filter(application__child_id__in=child_ids).update(note="")
    Objection.objects.filter(application__child_id__in=child_ids).update(raised_by="", text="", outcome_note="")
    # The scanned certificates are the most personal of all: the files go, and their rows.
    documents = Evidence.objects.filter(application__child_id__in=child_ids)
    for ev in documents.only("pk", "file"):
        ev.file.delete(save=False)
    documents.delete()
