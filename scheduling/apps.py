from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = "Breakdown and scheduling"

    def ready(self) -> None:
        from productions.services import BOARD_ID_HOLDERS

        from .selectors import character_board_ids

        BOARD_ID_HOLDERS.append(character_board_ids)
