"""Forms of the stripboard pages: a new board, the calendar, an element's event."""

from datetime import date

from django import forms

from .models import ElementEvent
from .shooting_calendar import WEEKDAY_NAMES


class BoardCreateForm(forms.Form):
    name = forms.CharField(max_length=200, initial="Main board")
    start = forms.ChoiceField(choices=[
        ("split", "Every scene in script order, split into days by page count"),
        ("empty", "Empty: every scene in the boneyard"),
    ], initial="split", widget=forms.RadioSelect)
    pages_per_day = forms.IntegerField(min_value=1, max_value=30, initial=5,
                                       help_text="Pages per day for the split.")


class CalendarForm(forms.Form):
    first_shoot_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    days_off = forms.MultipleChoiceField(
        choices=[(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)], required=False,
        widget=forms.CheckboxSelectMultiple, label="Weekly days off")
    holidays = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One date a line, as YYYY-MM-DD.")
    drop_gap_days = forms.TypedChoiceField(
        coerce=int, choices=[(10, "More than 10 days (US films)"), (14, "More than 14 days")],
        label="Drop/pickup allowed for gaps of")

    def clean_days_off(self) -> list[int]:
        return sorted(int(d) for d in self.cleaned_data["days_off"])

    def clean_holidays(self) -> list[date]:
        holidays = []
        for line in self.cleaned_data["holidays"].split():
            try:
                holidays.append(date.fromisoformat(line.strip().strip(",")))
            except ValueError as exc:
                raise forms.ValidationError(f"{line!r} is not a date (YYYY-MM-DD).") from exc
        return holidays


class EventForm(forms.Form):
    element = forms.ModelChoiceField(queryset=None)
    kind = forms.ChoiceField(choices=ElementEvent.Kind.choices)
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = production.elements.select_related(
            "category").order_by("category__code", "board_id", "name")
