"""DEBUG-only: the emails the embedded default wrote to var/mail/."""

from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import render


def _mail_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def _read(path: Path):
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def debug_only(view):
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@debug_only
@staff_member_required
def mail_list(request):
    files = sorted(_mail_dir().glob("*.eml"), reverse=True)[:200]
    emails = []
    for path in files:
        parsed = _read(path)
        emails.append({"name": path.name, "to": parsed["To"], "subject": parsed["Subject"],
                       "date": parsed["Date"]})
    return render(request, "notifications/dev_mail_list.html", {"emails": emails})


@debug_only
@staff_member_required
def mail_detail(request, name):
    path = _mail_dir() / name
    # Only plain file names inside the mail folder: no path traversal.
    if Path(name).name != name or not name.endswith(".eml") or not path.is_file():
        raise Http404
    parsed = _read(path)
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    attachments = [part.get_filename() for part in parsed.iter_attachments()]
    context = {
        "name": name,
        "headers": [(k, parsed[k]) for k in ("From", "To", "Subject", "Date", "Message-ID")],
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
        "attachments": attachments,
    }
    return render(request, "notifications/dev_mail_detail.html", context)
