"""Digital talent block: L1 literacy, L2 DX推進リーダー, L3 specialists.

Skills of administrative and technical staff are tracked as counts n1 (exactly L1) and n2 (L2);
in-house digital specialists (the digital category) are L3. Leavers take their skills with them
(pro rata, since exits are not tracked by skill); new hires start untrained.
"""

from __future__ import annotations

import numpy as np


def train(n1: np.ndarray, n2: np.ndarray, staff: np.ndarray, coverage: np.ndarray, l2_rate: np.ndarray,
          l2_target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Trainees during one year: (to L1, to L2). staff = non-digital regular headcount."""
    untrained = np.maximum(staff - n1 - n2, 0.0)
    to_l1 = coverage * untrained
    to_l2 = np.minimum(l2_rate * n1, np.maximum(l2_target * staff - n2, 0.0))
    return to_l1, to_l2


def after_year(n1, n2, to_l1, to_l2, keep_share):
    """Skill stock on the next 1 April: training, then exits take their share of the trained."""
    return (n1 + to_l1 - to_l2) * keep_share, (n2 + to_l2) * keep_share


def external_fte(fulltime, sidejob_experts, sidejob_days, pool_fte, hours_per_fte):
    """External digital capacity in FTE (side-job days converted at 7.75 hours a day)."""
    days_per_fte = hours_per_fte / 7.75
    return fulltime + sidejob_experts * sidejob_days / days_per_fte + pool_fte


def requirements(inp, staff: np.ndarray, non_digital: np.ndarray, lever_l2: np.ndarray,
                 lever_l3: np.ndarray) -> dict[str, np.ndarray]:
    """(draws, years) persons required at each level: L1 a share of all staff; L2 a share of
    non-digital staff plus the levers' roll-out needs; L3 a minimum plus one per so many staff plus
    the levers' roll-out needs."""
    s = inp.s
    return {
        "l1_required": s("talent.l1_target_share")[:, None] * staff,
        "l2_required": s("talent.l2_target_share")[:, None] * non_digital + lever_l2,
        "l3_required": s("talent.l3_base")[:, None] + s("talent.l3_per_staff")[:, None] * staff + lever_l3,
    }
