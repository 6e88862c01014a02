from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self) -> None:
        # The schedule re-prices budgets through a plain hook it exposes (DESIGN:
        # the higher app subscribes; scheduling never imports budgets).
        from scheduling.hooks import schedule_changed

        from .services import production_schedule_changed

        schedule_changed.connect(production_schedule_changed)
