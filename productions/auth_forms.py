from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from notifications.services import email_enqueue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset flow, delivered through the notifications outbox."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        user = context["user"]
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        email_enqueue(
            template="password_reset",
            address=to_email,
            person=getattr(user, "person", None),
            # One email per reset link: the token changes when the password does.
            dedupe_key=f"password-reset:{user.pk}:{context['token']}",
            context={
                "name": user.get_full_name() or user.get_username(),
                "url": settings.SITE_URL + path,
            },
        )
