import json

from django.core.management.base import BaseCommand, CommandError

from scheduling.optimizer.production import ProblemError, problem_load, schedule_optimize


class Command(BaseCommand):
    help = "Optimise a production board (sched_ref/1 JSON) within a time limit."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (enforced)")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be positive")
        try:
            problem = problem_load(options["path"])
        except ProblemError as exc:
            raise CommandError(str(exc)) from exc
        result = schedule_optimize(
            problem=problem,
            time_limit=options["time_limit"],
            workers=max(1, options["workers"]),
            seed=options["seed"],
        )
        if result.status == "infeasible":
            raise CommandError("no legal schedule: " + "; ".join(result.conflicts))
        if result.total is None:
            raise CommandError("no legal schedule found within the time limit")
        payload = {
            "days": result.days,
            "total": result.total,
            "cast_cost": result.cast_cost,
            "move_cost": result.move_cost,
            "bound": result.bound,
            "gap": round(result.gap or 0.0, 4),
            "n_days": result.n_days,
            "optimal": result.status == "optimal",
            "seconds": result.seconds,
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(
            f"{result.n_days} days, total {result.total:,} (cast {result.cast_cost:,}, "
            f"moves {result.move_cost:,}), bound {result.bound:,}, gap {payload['gap']:.1%}, "
            f"{result.seconds:.1f} s"
        )
        for number, day in enumerate(result.days, start=1):
            self.stdout.write(f"day {number}: {' '.join(str(n) for n in day)}")
