from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("<int:production_id>/messages/", views.message_list, name="messages"),
    path("<int:production_id>/messages/progress/", views.message_progress, name="progress"),
    path("<int:production_id>/messages/<int:pk>/retry/", views.message_retry, name="retry"),
]
