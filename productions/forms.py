from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from .logo import logo_image
from .models import CastMember, CrewMember, Location, Production
from .roles import Role

User = get_user_model()


def form_errors_add(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (field by field where it can) instead of
    a 500: services validate again inside their transaction, after the form did."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class DateInput(forms.DateInput):
    input_type = "date"


class ProductionForm(forms.ModelForm):
    class Meta:
        model = Production
        fields = ["title", "kind", "phase", "company", "prep_start", "shoot_start",
                  "shoot_end", "delivery_date", "time_zone", "currency"]
        widgets = {
            "prep_start": DateInput(),
            "shoot_start": DateInput(),
            "shoot_end": DateInput(),
            "delivery_date": DateInput(),
        }
        help_texts = {"time_zone": "IANA name, e.g. America/Los_Angeles or Europe/London."}

    logo_upload = forms.FileField(
        required=False, label="Logo", widget=forms.FileInput(
            attrs={"accept": "image/png,image/jpeg"}),
        help_text="PNG or JPEG, up to 1 MB. Printed at the top of every call sheet.")
    logo_remove = forms.BooleanField(required=False, label="Remove the logo")
    logo_fields = ("logo_upload", "logo_remove")

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            try:
                logo_image(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
            upload.seek(0)
        return upload

    def production_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.logo_fields}


class PersonFieldsMixin(forms.ModelForm):
    """Name, email and phone of the member's Person, edited on the member's form."""

    name = forms.CharField(max_length=200)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    person_fields = ("name", "email", "phone")
    Meta: Any

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field in self.person_fields:
                self.initial.setdefault(field, getattr(self.instance.person, field))
        # Person fields first: that is how an AP reads a crew list.
        self.order_fields([*self.person_fields, *self.Meta.fields])

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.person_fields}

    def member_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class CrewMemberForm(PersonFieldsMixin, forms.ModelForm):
    class Meta:
        model = CrewMember
        fields = ["department", "position", "rate", "rate_unit"]

    def __init__(self, *args, production, show_rates: bool, **kwargs):
        super().__init__(*args, **kwargs)
        department = cast(forms.ModelChoiceField, self.fields["department"])
        department.queryset = production.departments.all()
        department.empty_label = "Choose a department"
        if not show_rates:
            del self.fields["rate"], self.fields["rate_unit"]


class CastMemberForm(PersonFieldsMixin, forms.ModelForm):
    class Meta:
        model = CastMember
        fields = ["character", "board_id", "board_id_locked", "fee", "fee_unit"]

    def __init__(self, *args, production, show_rates: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.production = production
        self.fields["board_id"].required = False
        self.fields["board_id"].help_text = "Leave empty for the next free number."
        if not show_rates:
            del self.fields["fee"], self.fields["fee_unit"]

    def validate_unique(self):
        # The instance has no production yet on create; check board IDs ourselves.
        board_id = self.cleaned_data.get("board_id")
        if board_id:
            clash = self.production.cast.filter(board_id=board_id)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("board_id", "Another cast member has this board ID.")


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "address", "latitude", "longitude", "parking", "basecamp",
                  "hospital_name", "hospital_address", "hospital_phone", "contact_name",
                  "contact_phone", "notes"]
        widgets = {
            field: forms.Textarea(attrs={"rows": 2})
            for field in ["address", "parking", "basecamp", "hospital_address", "notes"]
        }

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.production = production

    def validate_unique(self):
        name = self.cleaned_data.get("name")
        if name:
            clash = self.production.locations.filter(name=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", "This production already has a location with this name.")


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices)

    def __init__(self, *args, roles: list, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]
        # The least privileged role first in mind: most invitations are for crew.
        self.fields["role"].initial = "crew"


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(max_length=150, label="Your name")
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        elif data.get("password1"):
            try:
                validate_password(data["password1"], User(username=self.email, email=self.email))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What is it for? e.g. “Payroll sync”.")
