from django.contrib import admin

from .models import Message, WebhookEndpoint


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "template", "channel", "address", "status", "attempts", "production",
                    "created_at", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["address", "subject", "dedupe_key"]
    list_select_related = ["production"]
    raw_id_fields = ["production", "person", "webhook"]
    readonly_fields = ["created_at", "updated_at", "sent_at"]
    date_hierarchy = "created_at"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "production", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "production__title"]
    list_select_related = ["production"]
    raw_id_fields = ["production"]
