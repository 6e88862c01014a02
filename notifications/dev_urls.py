from django.urls import path

from . import dev_views

urlpatterns = [
    path("mail/", dev_views.mail_list, name="dev_mail"),
    path("mail/<str:name>/", dev_views.mail_detail, name="dev_mail_detail"),
]
