from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from productions.decorators import production_view
from productions.roles import Capability as C

from . import selectors, services
from .models import Channel, Message, Status


@production_view(C.VIEW_MESSAGES)
def message_list(request, production):
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    query = request.GET.get("q", "").strip()
    page = Paginator(
        selectors.message_list(production=production, status=status, channel=channel, query=query),
        50,
    ).get_page(request.GET.get("page"))
    context = {
        "production": production,
        "page": page,
        "progress": selectors.message_progress(production=production),
        "statuses": Status.choices,
        "channels": Channel.choices,
        "filters": {"status": status, "channel": channel, "q": query},
    }
    return render(request, "notifications/message_list.html", context)


@production_view(C.VIEW_MESSAGES)
def message_progress(request, production):
    """The live "sent 143 / 200, 2 failed" summary, polled by htmx."""
    template = request.GET.get("template", "")
    context = {
        "production": production,
        "progress": selectors.message_progress(production=production, template=template),
        "template_name": template,
    }
    return render(request, "notifications/_progress.html", context)


@require_POST
@production_view(C.VIEW_MESSAGES)
def message_retry(request, production, pk):
    try:
        message = selectors.message_for(production=production, pk=pk)
    except Message.DoesNotExist as exc:
        raise Http404 from exc
    if message.status == Status.FAILED:
        services.message_retry(message=message)
        flash.success(request, f"Retrying the message to {message.address}.")
    else:
        flash.info(request, "Only failed messages can be retried.")
    return redirect("notifications:messages", production.pk)
