"""The LMS (Box-Cox) z-score and WHO's restricted variant for skewed indicators."""

from __future__ import annotations

import numpy as np


def value_at_z(l: np.ndarray, m: np.ndarray, s: np.ndarray, z: float | np.ndarray) -> np.ndarray:  # noqa: E741
    """Measurement at ``z`` SD: ``M * (1 + L*S*z) ** (1/L)`` (WHO SD curves)."""
    return m * np.power(1 + l * s * z, 1 / l)


def zscore(
    y: np.ndarray,
    l: np.ndarray | None,  # noqa: E741
    m: np.ndarray,
    s: np.ndarray,
    *,
    restricted: bool,
) -> np.ndarray:
    """Unrounded z-score of ``y``; ``l=None`` means L = 1 throughout (length/height).

    With ``restricted`` (WHO anthro ``compute_zscore_adjusted``, used for the
    weight-based indicators, BMI and MUAC), z beyond +/-3 is measured in units of
    the distance between the 2 and 3 SD curves on that side, because the LMS
    curves stretch the extreme tails of right-skewed measurements.
    """
    if l is None:
        return (y / m - 1) / s
    z = (np.power(y / m, l) - 1) / (s * l)
    if restricted:
        tail = np.flatnonzero(np.abs(z) > 3)
        if tail.size:
            k = np.sign(z[tail])
            lt, mt, st = l[tail], m[tail], s[tail]
            sd3 = value_at_z(lt, mt, st, 3 * k)
            sd2 = value_at_z(lt, mt, st, 2 * k)
            z[tail] = 3 * k + (y[tail] - sd3) / (k * (sd3 - sd2))
    return z
