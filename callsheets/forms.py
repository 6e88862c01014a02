from django import forms

from .editing import settings_fields
from .models import BackgroundCall, CallSheet, CallSheetSettings, PersonCall


def _lines(value: str, keys: list[str]) -> list[dict]:
    rows = []
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        rows.append({key: (parts[i] if i < len(parts) else "") for i, key in enumerate(keys)})
    return rows


def _text(rows: list[dict], keys: list[str]) -> str:
    return "\n".join(" | ".join(str(row.get(k, "")) for k in keys) for row in rows or [])


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CallSheetForm(forms.ModelForm):
    walkies = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              label="Walkie channels", help_text="One a line: channel | use")
    contacts = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               label="Key contacts", help_text="One a line: role | name | phone")
    dept_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 label="Department notes",
                                 help_text="One a line: department | note")

    class Meta:
        model = CallSheet
        fields = ["general_call", "shooting_call", "estimated_wrap", "breakfast", "lunch",
                  "second_meal", "weather_summary", "weather_high_c", "weather_low_c",
                  "weather_precip_pct", "weather_wind", "notes", "safety", "parking", "basecamp"]
        widgets = dict.fromkeys(["general_call", "shooting_call", "estimated_wrap", "breakfast",
                                 "lunch", "second_meal"], TIME) | {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "safety": forms.Textarea(attrs={"rows": 3}),
            "parking": forms.Textarea(attrs={"rows": 2}),
            "basecamp": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sheet = self.instance
        self.fields["walkies"].initial = _text(sheet.walkie_channels, ["channel", "use"])
        self.fields["contacts"].initial = _text(sheet.key_contacts, ["role", "name", "phone"])
        self.fields["dept_notes"].initial = "\n".join(
            f"{k} | {v}" for k, v in (sheet.department_notes or {}).items())

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["walkie_channels"] = _lines(self.cleaned_data["walkies"], ["channel", "use"])
        data["key_contacts"] = _lines(self.cleaned_data["contacts"], ["role", "name", "phone"])
        data["department_notes"] = {row["department"]: row["note"] for row in _lines(
            self.cleaned_data["dept_notes"], ["department", "note"]) if row["department"]}
        return data


class PersonCallForm(forms.ModelForm):
    """One row of the calls table; prefixed with the call's id so a whole table of them
    posts as one plain form."""

    class Meta:
        model = PersonCall
        fields = ["call", "pickup", "hair_makeup", "on_set", "note"]
        widgets = dict.fromkeys(["call", "pickup", "hair_makeup", "on_set"], TIME) | {
            "note": forms.TextInput(attrs={"maxlength": 200})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=f"c{kwargs['instance'].pk}", **kwargs)
        general = self.instance.callsheet.general_call if self.instance.callsheet_id else None
        if general:
            self.fields["call"].widget.attrs["placeholder"] = general.strftime("%H:%M")
        # The table has one header per column; each input still says whose it is.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} · {self.instance.person.name}"

    def html_names(self) -> str:
        """The row's own inputs, for htmx to post only them (hx-params)."""
        return ",".join(self.add_prefix(name) for name in self.fields)

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class DepartmentCallForm(forms.Form):
    department = forms.ChoiceField(choices=[])
    department_call = forms.TimeField(required=False, widget=TIME, label="Call",
                                      help_text="Empty: back to the general call.")

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d, d) for d in departments]


class BackgroundCallForm(forms.ModelForm):
    class Meta:
        model = BackgroundCall
        fields = ["count", "description", "call", "scenes"]
        widgets = {"call": TIME, "count": forms.NumberInput(attrs={"min": 1, "max": 9999})}

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        prefix = f"b{instance.pk}" if instance is not None and instance.pk else "new"
        super().__init__(*args, prefix=prefix, **kwargs)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CallSheetSettingsForm(forms.ModelForm):
    resend_only_affected = forms.TypedChoiceField(
        label="A revision is sent to", widget=forms.RadioSelect,
        choices=[("False", "Everyone on the sheet"),
                 ("True", "Only the people whose call, pickup or on-set time changed")],
        coerce=lambda value: value == "True")

    class Meta:
        model = CallSheetSettings
        fields = settings_fields()
        labels = {"min_rest_crew_hours": "Minimum rest, crew (hours)",
                  "min_rest_cast_hours": "Minimum rest, cast (hours)"}
        widgets = {"min_rest_crew_hours": forms.NumberInput(attrs={"min": 0, "max": 24}),
                   "min_rest_cast_hours": forms.NumberInput(attrs={"min": 0, "max": 24})}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
