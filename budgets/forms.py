from django import forms

from productions.models import CURRENCIES

from .charts import CHART_CHOICES
from .models import Account, Category, Fringe, Global, Level, Unit


class BudgetCreateForm(forms.Form):
    name = forms.CharField(max_length=120, initial="Budget")
    template = forms.ChoiceField(label="Start from", choices=CHART_CHOICES, required=False)
    currency = forms.ChoiceField(choices=[(c, c) for c in CURRENCIES])


class CategoryForm(forms.Form):
    number = forms.CharField(max_length=20)
    name = forms.CharField(max_length=120)
    level = forms.ChoiceField(choices=Level.choices, initial=Level.BTL)


class AccountForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.none())
    number = forms.CharField(max_length=20)
    name = forms.CharField(max_length=120)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = budget.categories.all()


class AccountEditForm(forms.Form):
    number = forms.CharField(max_length=20)
    name = forms.CharField(max_length=120)


def person_choices(production) -> list:
    crew = [(f"crew:{m.pk}", f"{m.person.name} — {m.position}")
            for m in production.crew.select_related("person")]
    cast = [(f"cast:{m.pk}", f"{m.board_id}. {m.character} ({m.person.name})")
            for m in production.cast.select_related("person")]
    return [("", "Nobody"), ("Crew", crew), ("Cast", cast)]


def person_key(line) -> str:
    if line.crew_member_id:
        return f"crew:{line.crew_member_id}"
    if line.cast_member_id:
        return f"cast:{line.cast_member_id}"
    return ""


class LineCreateForm(forms.Form):
    description = forms.CharField(max_length=200)
    amount = forms.CharField(max_length=200, initial="1")
    unit = forms.ChoiceField(choices=Unit.choices, initial=Unit.DAYS)
    multiplier = forms.CharField(label="X", max_length=200, initial="1")
    rate = forms.CharField(max_length=200, required=False,
                           help_text="Empty: the linked person's rate, or 0.")
    person = forms.ChoiceField(label="Crew or cast member", required=False, choices=[])
    notes = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(production)
        self.production = production

    def clean(self):
        data = super().clean()
        kind, _, pk = (data.get("person") or "").partition(":")
        data["crew_member"] = data["cast_member"] = None
        if kind == "crew":
            data["crew_member"] = self.production.crew.get(pk=pk)
            default = data["crew_member"].rate
        elif kind == "cast":
            data["cast_member"] = self.production.cast.get(pk=pk)
            default = data["cast_member"].fee
        else:
            default = None
        if not (data.get("rate") or "").strip():
            data["rate"] = str(default) if default is not None else "0"
        data.pop("person", None)
        return data


class LineCellForm(forms.Form):
    """One row of the inline editor: every editable cell of a line, as typed."""

    description = forms.CharField(max_length=200)
    amount = forms.CharField(max_length=200)
    unit = forms.ChoiceField(choices=Unit.choices)
    multiplier = forms.CharField(max_length=200)
    rate = forms.CharField(max_length=200, required=False)
    fringes = forms.CharField(max_length=400, required=False)
    budget_version = forms.IntegerField(required=False, min_value=1)


class LineDetailsForm(forms.Form):
    """What the inline grid has no cell for: notes, the person linked, the position."""

    notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(
        attrs={"rows": 4}))
    person = forms.ChoiceField(label="Crew or cast member", required=False, choices=[],
                               help_text="Linking a person does not change the line's rate.")
    position = forms.IntegerField(min_value=1)
    budget_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, production, lines: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices(production)
        self.fields["position"] = forms.IntegerField(
            min_value=1, max_value=lines,
            help_text=f"1 is the first line of the account, {lines} the last.")
        self.production = production

    def clean(self):
        data = super().clean()
        kind, _, pk = (data.get("person") or "").partition(":")
        data["crew_member"] = self.production.crew.get(pk=pk) if kind == "crew" else None
        data["cast_member"] = self.production.cast.get(pk=pk) if kind == "cast" else None
        data.pop("person", None)
        return data


class FringeForm(forms.ModelForm):
    class Meta:
        model = Fringe
        fields = ["code", "name", "kind", "rate", "cutoff"]


class GlobalForm(forms.ModelForm):
    class Meta:
        model = Global
        fields = ["name", "expression", "description", "source", "schedule_key"]
        labels = {"expression": "Value or formula"}


class ChargeForm(forms.Form):
    name = forms.CharField(max_length=120)
    percent = forms.DecimalField(max_digits=7, decimal_places=4, min_value=0, max_value=100)
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.none(), required=False,
        help_text="Leave empty (and no accounts) to apply to every account.")
    accounts = forms.ModelMultipleChoiceField(
        queryset=Account.objects.none(), required=False,
        help_text="Single accounts it applies to, besides the categories chosen.")
    excluded_accounts = forms.ModelMultipleChoiceField(queryset=Account.objects.none(),
                                                       required=False)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = budget.categories.all()
        self.fields["accounts"].queryset = budget.accounts.all()
        self.fields["excluded_accounts"].queryset = budget.accounts.all()


class VersionForm(forms.Form):
    name = forms.CharField(max_length=120)
    locked = forms.BooleanField(label="Lock as the original", required=False)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="XLSX or CSV with columns Account, Description, Amount, "
                                     "Unit, X, Rate, Fringes, Notes.")
