from django import forms
from django.utils import timezone

from .eighths import format_eighths, parse_eighths
from .models import BreakdownSettings, RevisionColour, Scene


class DateInput(forms.DateInput):
    input_type = "date"


class ColourInput(forms.TextInput):
    input_type = "color"


class ScriptUploadForm(forms.Form):
    file = forms.FileField(
        label="Screenplay",
        help_text="Fountain (.fountain) or Final Draft (.fdx), up to the upload limit.",
        widget=forms.ClearableFileInput(attrs={"accept": ".fountain,.fdx,.txt,.spmd"}),
    )
    revision_colour = forms.ChoiceField(choices=RevisionColour.choices,
                                        initial=RevisionColour.WHITE)
    revision_date = forms.DateField(widget=DateInput(), initial=timezone.localdate)


class LengthField(forms.Field):
    """A scene length as written on a strip: "1 3/8", "4/8" or "2"."""

    widget = forms.TextInput

    def to_python(self, value):
        eighths = parse_eighths(str(value or ""))
        if not eighths:
            raise forms.ValidationError("Write the length in eighths, like 1 3/8, 4/8 or 2.")
        return eighths

    def prepare_value(self, value):
        return format_eighths(value) if isinstance(value, int) else value


class SceneForm(forms.ModelForm):
    eighths = LengthField(label="Length (pages)", help_text="In eighths: 1 3/8, 4/8 or 2.")

    class Meta:
        model = Scene
        fields = ["number", "heading", "int_ext", "day_night", "time_of_day", "eighths",
                  "synopsis"]
        widgets = {"synopsis": forms.Textarea(attrs={"rows": 3})}


class TagForm(forms.Form):
    category = forms.ModelChoiceField(queryset=None, empty_label=None)
    name = forms.CharField(max_length=200, label="Element",
                           widget=forms.TextInput(attrs={"list": "element-names",
                                                         "autocomplete": "off"}))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ElementMergeForm(forms.Form):
    element = forms.ModelChoiceField(queryset=None, label="Merge", empty_label="Choose…")
    into = forms.ModelChoiceField(queryset=None, label="Into", empty_label="Choose…")

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = elements
        self.fields["into"].queryset = elements


class BoardIdForm(forms.Form):
    board_id = forms.IntegerField(min_value=1, max_value=9999, label="Board ID", required=False)
    board_id_locked = forms.BooleanField(required=False, label="Locked")
    cast_member = forms.ModelChoiceField(queryset=None, required=False, label="Played by",
                                         empty_label="Not cast yet")

    def __init__(self, *args, cast, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cast_member"].queryset = cast


class ElementRenameForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")


class SetLocationForm(forms.Form):
    location = forms.ModelChoiceField(queryset=None, required=False, label="Shot at",
                                      empty_label="No location yet")

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


class CategoryColourForm(forms.Form):
    colour = forms.RegexField(regex=r"^#[0-9A-Fa-f]{6}$", widget=ColourInput())


class BreakdownSettingsForm(forms.ModelForm):
    class Meta:
        model = BreakdownSettings
        fields = ["lines_per_page", "rounding", "int_day_colour", "ext_day_colour",
                  "int_night_colour", "ext_night_colour"]
        widgets = {name: ColourInput() for name in ["int_day_colour", "ext_day_colour",
                                                    "int_night_colour", "ext_night_colour"]}
