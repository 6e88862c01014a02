"""The draft-matching plan: every new scene is matched or added, every old one matched or
removed, never twice."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.merge import Existing, changes_between, plan_merge, speaking_changes

headings = st.sampled_from([f"INT. ROOM {n} - DAY" for n in range(6)])
numbers = st.sampled_from(["", "1", "2", "3", "4", "4A", "5"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(numbers, headings, st.booleans()), max_size=12),
    st.lists(st.tuples(numbers, headings), max_size=12),
)
def test_plan_accounts_for_every_scene_once(old, new):
    existing = [Existing(id=i + 1, number=n, heading=h, eighths=1, omitted=o)
                for i, (n, h, o) in enumerate(old)]
    parsed = [{"number": n, "heading": h, "eighths": 1} for n, h in new]

    plan = plan_merge(existing, parsed)

    matched_new = [index for _, index in plan.matches]
    assert sorted(matched_new + plan.added) == list(range(len(parsed)))
    matched_old = [pk for pk, _ in plan.matches]
    assert len(set(matched_old)) == len(matched_old)
    active = {s.id for s in existing if not s.omitted}
    assert set(plan.removed) | (active & set(matched_old)) == active
    assert not set(plan.removed) & set(matched_old)


def test_numbers_win_over_headings():
    existing = [Existing(1, "1", "INT. A - DAY", 8), Existing(2, "2", "INT. B - DAY", 8)]
    parsed = [{"number": "2", "heading": "INT. A - DAY", "eighths": 8},
              {"number": "1", "heading": "INT. B - DAY", "eighths": 9}]
    plan = plan_merge(existing, parsed)
    assert sorted(plan.matches) == [(1, 1), (2, 0)]
    assert changes_between(existing[0], parsed[1]) == ["heading", "length"]


def test_unnumbered_insert_does_not_shift_later_matches():
    existing = [Existing(i + 1, "", f"INT. {c} - DAY", 8) for i, c in enumerate("ABCD")]
    parsed = [{"number": "", "heading": f"INT. {c} - DAY", "eighths": 8} for c in "ABXCD"]
    plan = plan_merge(existing, parsed)
    assert plan.matches == [(1, 0), (2, 1), (3, 3), (4, 4)] and plan.added == [2]
    assert plan.removed == []


def test_speaking_changes_list_gains_in_draft_order_and_losses_by_name():
    assert speaking_changes({"ANNA", "BEN", "DORA"}, ["CARL", "ANNA", "ERIC", "CARL"]) == (
        ["CARL", "ERIC"], ["BEN", "DORA"])
    assert speaking_changes({"ANNA"}, ["ANNA"]) == ([], [])
    assert speaking_changes(set(), []) == ([], [])
