from django.core.management.base import BaseCommand

from apcrew.demo import load_demo
from productions.demo import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = ("Load the demo production: people, script, breakdown, stripboard, budget and a "
            "draft call sheet (idempotent: a second run creates nothing).")

    def handle(self, *args, **options):
        production, created = load_demo()
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(f"{verb}: “{production}” (log in as {DEMO_EMAIL} / {DEMO_PASSWORD})")
