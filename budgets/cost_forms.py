from django import forms

from productions.models import CURRENCIES

from .models import PurchaseOrder


class ActualForm(forms.Form):
    vendor = forms.CharField(max_length=120)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(max_length=20, help_text="Negative only for a credit.")
    currency = forms.ChoiceField(choices=[(c, c) for c in CURRENCIES])
    exchange_rate = forms.CharField(
        label="Exchange rate", max_length=20, required=False,
        help_text="Budget currency per unit; needed for another currency.")
    reference = forms.CharField(max_length=60, required=False,
                                help_text="Invoice or transaction number.")
    description = forms.CharField(max_length=200, required=False)
    purchase_order = forms.ModelChoiceField(label="PO", queryset=PurchaseOrder.objects.none(),
                                            required=False)
    is_credit = forms.BooleanField(label="This is a credit", required=False)
    document = forms.FileField(required=False, help_text="The invoice or receipt.")

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purchase_order"].queryset = account.purchase_orders.exclude(
            status=PurchaseOrder.Status.CLOSED)
        self.fields["currency"].initial = account.budget.currency


class PurchaseOrderForm(forms.Form):
    number = forms.CharField(label="PO number", max_length=40)
    vendor = forms.CharField(max_length=120)
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0.01)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(max_length=200, required=False)


class EstimateForm(forms.Form):
    etc = forms.CharField(label="Estimate to complete", max_length=20, required=False,
                          help_text="Leave empty for the default: budget minus cost to date.")
    note = forms.CharField(max_length=200, required=False)


class ThresholdForm(forms.Form):
    alert_threshold = forms.DecimalField(label="Alert at % of budget spent", max_digits=5,
                                         decimal_places=2, min_value=1, max_value=100)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV or XLSX with the columns Account, Vendor, Date, "
                                     "Amount (and optionally Currency, Rate, Reference, "
                                     "Description, PO, Credit).")
