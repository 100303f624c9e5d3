"""WHO growth z-scores and nutrition findings for children aged 0-19 years.

Pure Python + NumPy, no Django. Sex is coded 1 = male, 2 = female. Ages are in
days (a month is 30.4375 days), weights in kg, lengths in cm, MUAC in mm.

- :func:`score_batch` scores arrays in one vectorised call;
  :func:`score_one` scores one child through the same code.
- :func:`classify` / :data:`FINDINGS` turn scores into finding codes and levels; the
  package speaks codes only (the sentences are gettext texts in ``measurements.texts``).
- ``growth.chart.render_chart`` draws an SVG growth chart with the labels its caller
  passes in. (Scoring a CSV/Excel sheet is
  ``measurements.sheet.score_sheet``, which reads files through ``core.sheets``.)
"""

from growth.classify import FINDINGS, Finding, classify, most_severe, row_findings
from growth.engine import (
    FEMALE,
    INDICATORS,
    MALE,
    NO_STANDARD,
    WHO_2006,
    WHO_2007,
    BatchResult,
    Indicator,
    score_batch,
)
from growth.score import Score, score_one, to_scores

__all__ = [
    "FEMALE",
    "FINDINGS",
    "INDICATORS",
    "MALE",
    "NO_STANDARD",
    "WHO_2006",
    "WHO_2007",
    "BatchResult",
    "Finding",
    "Indicator",
    "Score",
    "classify",
    "most_severe",
    "row_findings",
    "score_batch",
    "score_one",
    "to_scores",
]
