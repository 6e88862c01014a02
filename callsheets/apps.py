from django.apps import AppConfig


class CallsheetsConfig(AppConfig):
    name = "callsheets"

    def ready(self) -> None:
        # Scheduling's calendar feed asks for call times and locations through a hook
        # (it may not import call sheets): see docs/ARCHITECTURE.md.
        from scheduling.hooks import feed_day_details as hook

        from .feed_details import feed_day_details

        hook.connect(feed_day_details)
