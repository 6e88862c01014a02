import re
from decimal import Decimal as D

import pytest

from budgets.formulas import FormulaError, compute, evaluate_globals, names, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", D("3")),
        ("PREP_WEEKS + 1", D("5")),
        ("SHOOT_DAYS * 1.1", D("22.0")),
        ("-(2 + 3) * 4 / 8", D("-2.5")),
        ("2 + 3 * 4", D("14")),
        ("(2 + 3) * 4", D("20")),
        ("MAX(SHOOT_DAYS, 30) - min(1, 2)", D("29")),
        ("ROUND(10 / 3, 2)", D("3.33")),
        ("ROUND(2.5)", D("3")),
        ("CEIL(SHOOT_DAYS / 6)", D("4")),
        ("FLOOR(SHOOT_DAYS / 6)", D("3")),
        (" .5 + 1. ", D("1.5")),
    ],
)
def test_formulas_evaluate_exactly(text, expected):
    assert compute(text, {"PREP_WEEKS": D("4"), "SHOOT_DAYS": D("20")}) == expected


def test_decimals_are_exact_not_floats():
    assert compute("0.1 + 0.2", {}) == D("0.3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("2 +", "ends too early"),
        ("2 ** 3", "Unexpected “*”"),
        ("__import__('os')", "“'” is not allowed"),
        ("os(1)", "Unknown function “os”"),
        ("a.b", "“.” is not allowed"),
        ("1; 2", "“;” is not allowed"),
        ("(1 + 2", "ends too early"),
        ("1 + 2)", "Unexpected “)”"),
        ("MIN(1)", "at least two"),
        ("1 / 0", "Division by zero"),
        ("NOPE * 2", "Unknown name “NOPE”"),
        ("1" + "+1" * 150, "at most 200"),
        ("-" * 100 + "1", "nested too deeply"),
        ("1e5", "Unexpected “e5”"),
    ],
)
def test_bad_formulas_are_reported_clearly(text, message):
    with pytest.raises(FormulaError, match=re.escape(message)):
        compute(text, {})


def test_names_lists_the_globals_a_formula_uses():
    assert names(parse("MAX(A, B * 2) + -C")) == {"A", "B", "C"}


def test_globals_may_refer_to_each_other():
    values, errors = evaluate_globals({"WEEKS": "SHOOT_DAYS / 5", "SHOOT_DAYS": "30",
                                       "PREP": "WEEKS + 2"})
    assert errors == {}
    assert values == {"SHOOT_DAYS": D("30"), "WEEKS": D("6"), "PREP": D("8")}


def test_cycles_name_every_global_on_them():
    values, errors = evaluate_globals({"A": "B + 1", "B": "C * 2", "C": "A", "D": "A + 1",
                                       "E": "4"})
    assert values == {"E": D("4")}
    assert errors["A"] == "Circular reference: A -> B -> C -> A."
    assert errors["B"] == errors["C"] == errors["A"]
    assert errors["D"] == "Uses “A”, which has an error."


def test_a_global_referring_to_itself_is_a_cycle():
    _, errors = evaluate_globals({"X": "X + 1"})
    assert errors == {"X": "Circular reference: X -> X."}


def test_unknown_and_invalid_globals_are_reported():
    _, errors = evaluate_globals({"A": "MISSING", "B": "2 +", "C": "B"})
    assert errors == {
        "A": "Unknown name “MISSING”: define it as a global.",
        "B": "The formula ends too early.",
        "C": "Uses “B”, which has an error.",
    }


# --- properties ---------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = {"A": D("3"), "B_2": D("-7"), "SHOOT_DAYS": D("25")}
leaves = st.one_of(st.integers(min_value=0, max_value=10**6).map(lambda n: (str(n), D(n))),
                   st.sampled_from(sorted(NAMES)).map(lambda n: (n, NAMES[n])))


def _combine(children):
    def build(pair):
        (left_text, left), op, (right_text, right) = pair
        value = {"+": left + right, "-": left - right, "*": left * right}[op]
        return f"({left_text} {op} {right_text})", value

    return st.tuples(children, st.sampled_from("+-*"), children).map(build)


expressions = st.recursive(leaves, _combine, max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(expressions)
def test_formulas_agree_with_exact_arithmetic(expression):
    text, expected = expression
    assert compute(text, NAMES) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_value_or_a_clear_error(text):
    try:
        value = compute(text, NAMES)
    except FormulaError as exc:
        assert str(exc)
    else:
        assert isinstance(value, D)
