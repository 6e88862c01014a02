from django.core.management.base import BaseCommand

from productions.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo production (idempotent: a second run creates nothing)."

    def handle(self, *args, **options):
        production, created = load_demo()
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(f"{verb}: “{production}” (log in as {DEMO_EMAIL} / {DEMO_PASSWORD})")
