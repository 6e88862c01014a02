"""Parse a Fountain or Final Draft screenplay and print its scenes; touches no database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.eighths import DEFAULT_LINES_PER_PAGE, ROUNDING_MODES, format_eighths
from scheduling.screenplay import DEFAULT_MAX_BYTES, ScriptError, parse_script


class Command(BaseCommand):
    help = (
        "Parse a screenplay (.fountain or .fdx) without touching the database. With --json, "
        'prints {"scenes": [{"number", "heading", "int_ext", "set", "time_of_day", "day_night", '
        '"eighths", "eighths_source": "file"|"computed", "page", "characters", "synopsis"}]}.'
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")
        parser.add_argument("--lines-per-page", type=int, default=DEFAULT_LINES_PER_PAGE)
        parser.add_argument("--rounding", choices=ROUNDING_MODES, default="up")
        parser.add_argument("--ignore-file-lengths", action="store_true",
                            help="compute every length, even where Final Draft gives one")

    def handle(self, *args, path, as_json: bool, lines_per_page, rounding, ignore_file_lengths,
               **options):
        if not 8 <= lines_per_page <= 200:
            raise CommandError("--lines-per-page must be between 8 and 200.")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            script = parse_script(
                data, filename=path, max_bytes=max(DEFAULT_MAX_BYTES, len(data)),
                lines_per_page=lines_per_page, rounding=rounding,
                keep_file_lengths=not ignore_file_lengths,
            )
        except ScriptError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(script.as_json(), ensure_ascii=False, indent=2))
            return
        for scene in script.scenes:
            self.stdout.write(
                f"{scene.number or '-':>5}  {scene.int_ext or '-':7} {scene.day_night or '-':5} "
                f"{format_eighths(scene.eighths):>6}  p.{scene.page:<4} {scene.heading}"
            )
        total = sum(scene.eighths for scene in script.scenes)
        self.stdout.write(
            f"{len(script.scenes)} scenes, {format_eighths(total)} pages, "
            f"{len(script.characters)} speaking characters ({script.format}, {script.encoding})"
        )

