"""Solve talent-scheduling instance files (the benchmark JSON format) to proven optimality."""

import json
import math

from django.core.management.base import BaseCommand, CommandError

from scheduling.optimizer.talent import TalentInstanceError, talent_instance_load, talent_solve


class Command(BaseCommand):
    help = (
        "Order the scenes of each talent-scheduling instance file (format: "
        "../shared/benchmarks/talent/README.md) to minimise what the cast are paid. "
        "Every file is read and checked before any is solved. With --json, prints JSON Lines: "
        'one object per instance, in argument order, {"name", "order" (scene ids, first shot '
        'first), "total", "waiting", "optimal" (true only when proven), "seconds"}. '
        "Without --json, prints a table."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="instance JSON file")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=60.0,
            metavar="SECONDS",
            help="per instance (default 60); the best order found is printed when it runs out",
        )
        parser.add_argument("--json", action="store_true", help="print JSON Lines")

    def handle(self, *args, paths, time_limit, **options):
        if not (time_limit > 0 and math.isfinite(time_limit)):
            raise CommandError(
                f"--time-limit must be a positive number of seconds, not {time_limit}."
            )
        try:
            instances = [talent_instance_load(path=path) for path in paths]
        except TalentInstanceError as exc:
            raise CommandError(str(exc)) from exc

        if not options["json"]:
            self.stdout.write(
                f"{'name':<20} {'scenes':>6} {'total':>9} {'waiting':>9} {'optimal':>7} "
                f"{'seconds':>8}  order"
            )
        for instance in instances:
            solution = talent_solve(instance=instance, time_limit=time_limit)
            if options["json"]:
                record = {
                    "name": solution.name,
                    "order": list(solution.order),
                    "total": solution.total,
                    "waiting": solution.waiting,
                    "optimal": solution.optimal,
                    "seconds": round(solution.seconds, 3),
                }
                self.stdout.write(json.dumps(record))
            else:
                self.stdout.write(
                    f"{solution.name:<20} {len(solution.order):>6} {solution.total:>9} "
                    f"{solution.waiting:>9} {'yes' if solution.optimal else 'no':>7} "
                    f"{solution.seconds:>8.3f}  {' '.join(map(str, solution.order))}"
                )
