"""What budgets add to the production overview page (`productions.services.OVERVIEW_PANELS`,
registered in `BudgetsConfig.ready`): the open overage alerts, for the money roles only."""

from django.template.loader import render_to_string

from productions.models import Membership, Production
from productions.roles import Capability as C

from .cost_selectors import open_alerts

SHOWN = 10  # the overview is a glance; the cost report has them all


def overage_panels(production: Production, membership: Membership) -> list[str]:
    # Crew and cast never learn that an account is over, nor by how much.
    if not membership.can(C.VIEW_BUDGET):
        return []
    alerts = open_alerts(production=production)
    if not alerts:
        return []
    return [render_to_string("budgets/_overview_alerts.html", {
        "production": production, "alerts": alerts, "shown": alerts[:SHOWN],
        "more": max(len(alerts) - SHOWN, 0),
        "budgets": len({item.alert.budget_id for item in alerts})})]
