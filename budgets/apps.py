from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self) -> None:
        # The schedule re-prices budgets through a plain hook it exposes (DESIGN: the
        # higher app subscribes). Until the stripboard's hook exists there is nothing
        # to subscribe to; `globals_apply_schedule` still works when called directly.
        try:
            from scheduling.hooks import schedule_changed
        except ModuleNotFoundError as exc:
            if exc.name != "scheduling.hooks":
                raise
            return
        from .services import production_schedule_changed

        schedule_changed.connect(production_schedule_changed)
