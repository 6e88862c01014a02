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
