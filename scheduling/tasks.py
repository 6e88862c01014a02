"""Celery entry points of the scheduling app: ids in, one service each, safe to run twice.

The optimizer is CPU work: it stays on the default `celery` queue, served by prefork
workers (see README, "Scaling out").
"""

from celery import shared_task

from .optimization import services


@shared_task(acks_late=True, ignore_result=True)
def optimize_board(run_id: int) -> None:
    """Run one queued optimisation. A redelivered task finds the run claimed and does
    nothing; a run whose worker died is failed by `optimization_runs_expire`."""
    services.optimization_execute(run_id=run_id)


@shared_task(ignore_result=True)
def expire_optimization_runs() -> int:
    """Fail runs whose worker died and runs no worker picked up. Runs are also checked
    whenever they are read; scheduled by beat, this also settles runs nobody looks at."""
    return services.optimization_runs_expire()
