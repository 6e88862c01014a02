from django import forms

from .models import CallSheet


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
