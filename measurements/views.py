"""A child's growth page (measurements, findings, WHO chart) and the sheet-scoring tool."""

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.reads import note_read
from children.access import access_child
from children.access import can_edit as can_edit_child
from growth.chart import render_chart
from growth.survey import AGED_5_19

from . import actions
from .forms import MeasurementForm, SheetForm, VoidForm
from .models import Measurement
from .referral import growth_referral
from .sheet import (
    SheetError,
    group_label,
    mean_text,
    prevalence_blocks,
    prevalence_labels,
    prevalence_text,
    score_sheet,
)
from .texts import Z_ABBREVIATIONS, Z_EXPLAINED, Z_LABELS, chart_labels, describe, z_scores

CHART_INDICATORS = ["haz", "waz", "whz", "baz", "muacz"]


def _chart(child, indicator: str, series: list[Measurement]) -> str:
    points = [m for m in reversed(series) if not m.is_void]
    if not points:
        return ""
    return render_chart(
        indicator,
        actions.SEX_CODE[child.sex],
        [(m.measured_on - child.date_of_birth).days for m in points],
        [float(m.weight_kg) if m.weight_kg is not None else None for m in points],
        [float(m.length_cm) if m.length_cm is not None else None for m in points],
        [m.measured_lying for m in points],
        [float(m.muac_mm) if m.muac_mm is not None else None for m in points],
        labels=chart_labels(),
        name=child.name,
    )


@login_required
def child_growth(request, child_uuid):
    user = request.user
    child = access_child(user, child_uuid)
    can_edit = can_edit_child(user, child)
    form = MeasurementForm(request.POST or None, child=child) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            measurement = form.save(commit=False)
            actions.do_record_measurement(user, measurement, request=request)
            texts = describe(measurement.findings)
            messages.success(request, _("Measurement saved.") + (" " + " ".join(texts) if texts else ""))
            return redirect("child_growth", child_uuid=child.uuid)
        messages.error(request, _("Please correct the fields marked below. Nothing has been saved yet."))
    series = list(child.measurements.select_related("recorded_by"))
    indicator = request.GET.get("indicator") or "whz"
    if indicator not in CHART_INDICATORS:
        raise Http404
    latest = next((m for m in series if not m.is_void), None)
    note_read(request, child, what="growth")
    return render(
        request,
        "measurements/child_growth.html",
        {
            "child": child,
            "form": form,
            "series": [(m, describe(m.findings), z_scores(m)) for m in series],
            "latest": latest,
            "latest_texts": describe(latest.findings) if latest else [],
            "referral": growth_referral(latest) if can_edit else None,
            "z_explained": Z_EXPLAINED,
            "chart": _chart(child, indicator, series),
            "indicator": indicator,
            "indicators": [(code, Z_LABELS[code], Z_ABBREVIATIONS[code]) for code in CHART_INDICATORS],
            "void_form": VoidForm(),
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def measurement_void(request, child_uuid, measurement_uuid):
    child = access_child(request.user, child_uuid)
    try:
        measurement = child.measurements.get(uuid=measurement_uuid)
    except (Measurement.DoesNotExist, ValueError):
        raise Http404 from None
    form = VoidForm(request.POST)
    if form.is_valid():
        actions.do_void_measurement(request.user, measurement, form.cleaned_data["reason"], request=request)
        messages.success(request, _("The measurement was marked as wrong."))
    else:
        messages.error(request, _("Give a reason."))
    return redirect("child_growth", child_uuid=child.uuid)


@login_required
def score_sheet_view(request):
    """Upload a clinic's or school's sheet; download it back with z-scores and findings, or see
    the survey prevalence (children under 5, and 5-19 years when the sheet has any) on the page."""
    form = SheetForm(request.POST or None, request.FILES or None)
    show = request.POST.get("show") == "prevalence"
    table = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        suffix = Path(upload.name).suffix.lower()
        scored = None
        # The sheet holds children's names and measurements: the copies on disk live only while
        # it is scored, and the result goes straight back in the response (at most the upload's
        # 20 MB plus the added columns), never stored.
        with tempfile.TemporaryDirectory(prefix="shouhu-sheet-") as workdir:
            source, target = Path(workdir) / f"in{suffix}", Path(workdir) / f"scored{suffix}"
            with source.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                report = score_sheet(source, target, lang=get_language() or "zh-hans")
            except SheetError as exc:
                form.add_error("sheet", str(exc))
            else:
                scored = target.read_bytes()
        if scored is not None and not show:
            name = f"{Path(upload.name).stem}-{_('scored')}{suffix}"
            return FileResponse(io.BytesIO(scored), as_attachment=True, filename=name)
        if scored is not None:
            labels = prevalence_labels()
            blocks = []  # per age range: under 5, then 5-19 years when the sheet has any
            for survey, rows in prevalence_blocks(report.prevalence).items():
                groups: dict[str, dict[str, list[str]]] = {}
                means = [m for m in report.means if m.survey == survey]
                # A group with no child at all (an age nobody in the sheet has) is left out here.
                filled = {(p.group, p.value) for p in [*rows, *means] if p.n}
                for p in rows:
                    if (p.group, p.value) in filled:
                        group = groups.setdefault(group_label(p, labels), {"lines": [], "means": []})
                        group["lines"].append(prevalence_text(p, labels))
                for m in means:
                    if (m.group, m.value) in filled:
                        group = groups.setdefault(group_label(m, labels), {"lines": [], "means": []})
                        group["means"].append(mean_text(m, labels))
                blocks.append({"older": survey == AGED_5_19, "groups": groups})
            table = {"blocks": blocks, "scored": report.scored}
    return render(request, "measurements/score_sheet.html", {"form": form, "prevalence": table})
