"""Property services and fees (step 6): the fee-strike / service-decline spiral and exits.

Each week a household served by a firm pays its fee with chance
``pay_ceiling · σ(pay_slope · (satisfaction − pay_threshold))`` (its members' mean
satisfaction). Firms set effort from what income allows plus pressure from the OC and
the RC; quality follows effort; satisfaction follows quality (see adaptation). Low
collection → low effort → low quality → low satisfaction → low collection. A firm whose
income stays below the exit threshold leaves; a functional OC hires a new firm after a
while, otherwise the compound is unmanaged and its property needs fall on the RC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.agents import OwnersCommittee, PropertyFirm

if TYPE_CHECKING:
    from cogov.model import CommunityModel


def household_satisfaction(model: CommunityModel) -> np.ndarray:
    """Mean satisfaction of each household's members."""
    res = model.residents
    n_hh = model.layout.n_households
    total = np.bincount(res.household, weights=res.satisfaction, minlength=n_hh)
    return total / np.maximum(model.household_sizes, 1)


def fees_and_firms(model: CommunityModel, rng: np.random.Generator) -> dict[str, float]:
    """Collect fees, settle every active firm's week, and handle exits and replacements."""
    sc = model.params
    fp = sc.firms
    layout = model.layout
    hh_compound = layout.building_compound[layout.household_building]
    served = model.firm_of_compound[hh_compound] >= 0
    sat = household_satisfaction(model)
    p_pay = fp.pay_ceiling / (1.0 + np.exp(-fp.pay_slope * (sat - fp.pay_threshold)))
    pays = served & (rng.random(layout.n_households) < p_pay)
    paying = np.bincount(hh_compound[pays], minlength=layout.n_compounds)
    due = np.bincount(hh_compound[served], minlength=layout.n_compounds)
    exits = 0
    for firm in list(model.active_firms()):
        oc = model.oc_of_compound.get(firm.compound)
        pressure = fp.rc_pressure + (oc.pressure_on_firm() if oc else 0.0)
        pressure += model.extra_firm_pressure[firm.compound]
        firm.settle_week(int(paying[firm.compound]), min(1.0, pressure))
        if firm.wants_to_exit() or _voted_out(model, firm, oc):
            _exit(model, firm)
            exits += 1
    _hire_replacements(model)
    return {
        "fees_due_households": float(due.sum()),
        "fees_paid_households": float(paying.sum()),
        "firm_exits": float(exits),
    }


def _voted_out(model: CommunityModel, firm: PropertyFirm, oc: OwnersCommittee | None) -> bool:
    """A functional OC votes a firm out after 12 weeks of very low owner satisfaction."""
    if oc is None or not (oc.functional or oc.acted_for_by_rc):
        return False
    res = model.residents
    mine = model.residents_of_compound[firm.compound]
    if float(res.satisfaction[mine].mean()) < model.params.owners_committees.replace_satisfaction:
        oc.low_satisfaction_weeks += 1
    else:
        oc.low_satisfaction_weeks = 0
    return oc.low_satisfaction_weeks >= 12


def _exit(model: CommunityModel, firm: PropertyFirm) -> None:
    firm.active = False
    model.firm_of_compound[firm.compound] = -1
    model.firm_exits_total += 1
    model.unmanaged_since[firm.compound] = model.steps
    oc = model.oc_of_compound.get(firm.compound)
    if oc is not None:
        oc.low_satisfaction_weeks = 0
    firm.remove()
    model.firms = [f for f in model.firms if f is not firm]


def force_exit(model: CommunityModel, share: float, rng: np.random.Generator) -> int:
    """Make a share of the active firms leave now (the firm-exit shock); return how many."""
    firms = list(model.active_firms())
    n = round(share * len(firms))
    for i in sorted(rng.choice(len(firms), size=n, replace=False)) if n else []:
        _exit(model, firms[i])
    return n


def _hire_replacements(model: CommunityModel) -> None:
    """Compounds whose OC works (or is acted for by the RC) hire a firm after a delay."""
    delay = model.params.firms.replacement_weeks
    for compound, since in list(model.unmanaged_since.items()):
        oc = model.oc_of_compound.get(compound)
        if oc is None or not (oc.functional or oc.acted_for_by_rc):
            continue
        if model.steps - since >= delay:
            model.add_firm(compound)
            del model.unmanaged_since[compound]
