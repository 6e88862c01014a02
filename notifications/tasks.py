from celery import shared_task

from .delivery import messages_deliver, outbox_sweep


@shared_task(acks_late=True, ignore_result=True)
def deliver_messages(message_ids: list[int]) -> None:
    messages_deliver(message_ids=message_ids)


@shared_task(ignore_result=True)
def sweep_outbox() -> None:
    outbox_sweep()
