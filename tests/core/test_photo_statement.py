"""The photo measurement stated plainly: thigh, hip, and whether the low back arched."""

from __future__ import annotations

from psoas.core.photo_statement import back_arched, counts_as_release, statement

ANGLES = {"thigh_to_floor_deg": 4.2, "hip_deg": 174.6, "knee_deg": 176.0, "trunk_to_floor_deg": 1.0}


def test_the_back_gap_of_the_test_says_whether_the_low_back_arched() -> None:
    assert back_arched({"back_gap": "hand"}) is True
    assert back_arched({"back_gap": "fingers"}) is False
    assert back_arched({"back_gap": "pencil"}) is False
    assert back_arched({"back_gap": None}) is None
    assert back_arched({}) is None


def test_only_a_flat_thigh_bought_with_an_arched_back_is_left_out() -> None:
    assert not counts_as_release(4.0, True)
    assert not counts_as_release(-12.0, True)
    assert counts_as_release(12.5, True)  # not flat: the back did not let it down
    assert counts_as_release(4.0, False)
    assert counts_as_release(4.0, None)  # unknown is not held against the person


def test_statement_names_thigh_hip_and_low_back() -> None:
    assert statement(ANGLES, False) == (
        "Thigh 4° to the floor · hip 175° (trunk to thigh) · low back not arched "
        "(the test's back gap)"
    )
    assert statement(ANGLES, None).endswith("low back: not checked in the test")
    assert statement(ANGLES, True).endswith(
        "the thigh lies down because the low back arched (a whole hand under it in the test): "
        "not counted as a release"
    )
    lifted = {**ANGLES, "thigh_to_floor_deg": 20.0}
    assert statement(lifted, True).endswith("low back arched (a whole hand under it in the test)")
