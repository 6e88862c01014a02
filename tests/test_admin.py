"""Every model of ours is in the admin, and its changelist renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ("productions", "scheduling", "budgets", "callsheets", "notifications")


def our_models():
    return [m for app in OUR_APPS for m in apps.get_app_config(app).get_models()]


def test_every_model_is_registered_in_the_admin():
    missing = [m._meta.label for m in our_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.django_db
def test_every_changelist_renders(admin_client):
    for model in our_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
