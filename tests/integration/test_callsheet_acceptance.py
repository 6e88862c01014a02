"""Issue #9 acceptance through a real worker, Redis and SMTP server: no rate or fee ever
reaches the crew — not in a subject, a text or HTML body, an attached PDF, a reminder, a
REVISED email, the personal mobile page, nor the crew's download of the sheet."""

import datetime
import io
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from callsheets import services
from callsheets.models import CallSheet
from productions.models import CastMember, CrewMember
from tests.callsheets.factories import ready_sheet
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

# Amounts no call sheet could print by chance (no time, page count or date looks like them).
CREW_RATE, CAST_FEE = "987.65", "4321.09"
# The amounts as numbers on their own, however formatted ("987.65", "$4,321.09", "4 321"):
# digits inside a Message-ID, a token or a CSRF value are not a leak.
MONEY = re.compile(r"(?<![\w])(?:987|4[, ]?321)(?![\w])")
SUBJECT = re.compile(r"^(REVISED v2 · |Please confirm · )?Call sheet · Harbour Lights · Day 1 · "
                     r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} · "
                     r"Your call \d\d:\d\d$")


def money_in(text: str) -> list[str]:
    return MONEY.findall(text)


def everything_in(email) -> str:
    """Headers, every text part and the text of every attached PDF page."""
    parts = [f"{key}: {value}" for key, value in email.items()]
    for part in email.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            parts.append(part.get_content())
        elif part.get_content_type() == "application/pdf":
            reader = PdfReader(io.BytesIO(part.get_content()))
            assert 1 <= len(reader.pages) <= 2
            parts.extend(page.extract_text() for page in reader.pages)
    return "\n".join(parts)


def test_no_email_pdf_or_page_sent_to_crew_carries_a_rate_or_fee(production, crew_user, smtp,
                                                                 worker_factory):
    sheet = ready_sheet(production, crew_count=3)  # 3 crew + 2 cast
    CrewMember.objects.filter(production=production).update(rate=CREW_RATE)
    CastMember.objects.filter(production=production).update(fee=CAST_FEE)
    worker_factory(smtp_port=smtp.port, MEDIA_ROOT=str(settings.MEDIA_ROOT))

    def received(prefix):
        return [m for m in list(smtp.handler.messages)
                if str(m["email"]["Subject"]).strip().startswith(prefix)]

    version = services.callsheet_publish(callsheet=sheet)
    wait_for(lambda: len(received("Call sheet")) == 5, timeout=60, message="five call sheets")
    assert services.callsheet_remind(version=version) == 5
    wait_for(lambda: len(received("Please confirm")) == 5, timeout=60, message="reminders")
    services.callsheet_update(callsheet=CallSheet.objects.get(pk=sheet.pk),
                              general_call=datetime.time(7, 0))
    services.callsheet_publish(callsheet=CallSheet.objects.get(pk=sheet.pk))
    wait_for(lambda: len(received("REVISED v2")) == 5, timeout=60, message="revisions")
    time.sleep(1)

    sheets = [m for m in list(smtp.handler.messages)
              if "Call sheet · " in str(m["email"]["Subject"])]
    assert len(sheets) == 15
    links = []
    for message in sheets:
        email = message["email"]
        subject = str(email["Subject"]).strip()
        assert SUBJECT.match(subject), subject
        content = everything_in(email)
        assert "YOUR CALL" in content and "KITCHEN" in content  # the PDF was read back
        assert money_in(content) == [], (message["to"], subject)
        if subject.startswith("REVISED"):
            links += re.findall(r"https?://[^/\s]+(/p/calls/[\w-]+/)",
                                email.get_body(preferencelist=("plain",)).get_content())

    # The live links (the revision's) open a mobile page with no money either.
    assert len(set(links)) == 5
    client = Client()
    for link in set(links):
        page = client.get(link)
        assert page.status_code == 200
        assert money_in(page.content.decode()) == [], link

    # A crew member downloading the published sheet from the app sees no money either.
    crew = Client()
    crew.force_login(crew_user)
    pdf = crew.get(reverse("callsheets:pdf", args=[production.pk, sheet.pk]))
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Crew Person 0" in text and money_in(text) == []
