from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self) -> None:
        # The schedule re-prices budgets through a plain hook it exposes (DESIGN:
        # the higher app subscribes; scheduling never imports budgets).
        from productions.services import OVERVIEW_PANELS
        from scheduling.hooks import schedule_changed

        from .overview import overage_panels
        from .services import production_schedule_changed

        schedule_changed.connect(production_schedule_changed)
        # The overview page shows open overage alerts to the money roles.
        if overage_panels not in OVERVIEW_PANELS:
            OVERVIEW_PANELS.append(overage_panels)
