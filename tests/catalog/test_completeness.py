"""The catalog holds every item of the content map in shared/PRODUCT.md, with its sources."""

from __future__ import annotations

import pytest

from psoas.catalog.model import Catalog

#: Every practice the content map names: id -> (kind, source ids it must cite).
EXPECTED_PRACTICES = {
    # Self-test (003; the before/after check also in 000)
    "sit-to-lie-test": ("test", {"000", "003"}),
    # Releases
    "bolster-release": ("release", {"000", "003"}),
    "pelvis-block-release": ("release", {"000"}),
    # Ball massage (002; the hip/spine precaution from 001)
    "low-back-ball-massage": ("massage", {"001", "002"}),
    "psoas-point-ball-massage": ("massage", {"001", "002"}),
    # Positions in bed (001)
    "knee-to-chest-position": ("position", {"001"}),
    "side-lying-curl-position": ("position", {"001"}),
    "pillow-under-knees-position": ("position", {"001"}),
    "calves-on-chair-position": ("position", {"001"}),
    # Stretches (002), done after releasing (003)
    "prone-cross-over-stretch": ("stretch", {"002", "003"}),
    "all-fours-leg-reach": ("stretch", {"002", "003"}),
    "foam-roller-hip-flexor-stretch": ("stretch", {"002", "003"}),
    "lunge-hip-flexor-stretch": ("stretch", {"002", "003"}),
    "prone-quad-pull": ("stretch", {"002", "003"}),
    "prone-press-up": ("stretch", {"002", "003"}),
    # Strengthening (002, 001)
    "walking": ("strength", {"002"}),
    "squats": ("strength", {"002"}),
    "deadlifts": ("strength", {"002"}),
    "glute-core-strength": ("strength", {"001", "002"}),
    "hip-flexor-resistance": ("strength", {"001"}),
    # Habits
    "sitting-breaks": ("habit", {"001"}),
    "daily-release": ("habit", {"003"}),
    "be-patient": ("habit", {"003"}),
    "bed-setup": ("habit", {"001"}),
    "release-before-stretching": ("habit", {"003"}),
    "quiet-release": ("habit", {"003"}),
    # Safer versions (general safety advice, adapted from the articles' practices)
    "roll-down-test": ("test", {"000", "003"}),
    "incline-release": ("release", {"000", "003"}),
    "side-lying-release": ("release", {"000", "001"}),
    "bed-checks": ("test", {"000", "003"}),
    "bed-release": ("release", {"000", "003"}),
}
#: The safer versions, each adapted from an article's practice as general safety advice.
SAFER_VERSIONS = {
    "roll-down-test",
    "incline-release",
    "side-lying-release",
    "bed-checks",
    "bed-release",
}

EXPECTED_RED_FLAGS = {
    "saddle_numbness": ("urgent", set()),
    "bladder_bowel_change": ("urgent", set()),
    "worsening_leg_weakness": ("urgent", set()),
    "fever_or_unwell": ("stop", set()),
    "weight_loss": ("stop", set()),
    "cancer_history": ("stop", set()),
    "recent_fall": ("stop", set()),
    "night_pain": ("stop", set()),
    "pulsing_belly_lump": ("stop", set()),
    "bruising": ("stop", {"001"}),
    "swelling": ("stop", {"001"}),
    "recent_strain": ("stop", {"001"}),
    "worsening_pain": ("stop", set()),
    "numbness": ("stop", set()),
    "severe_pain": ("stop", set()),
    "pregnancy": ("caution", set()),
    "hip_or_spine_condition": ("caution", {"001"}),
}


def test_every_content_map_practice_is_present(catalog: Catalog) -> None:
    """Each practice of the content map exists with the right kind."""
    missing = sorted(set(EXPECTED_PRACTICES) - set(catalog.ids()))
    assert missing == []
    for practice_id, (kind, _) in EXPECTED_PRACTICES.items():
        assert catalog.require(practice_id).kind == kind, practice_id


def test_nothing_unexpected_in_the_catalog(catalog: Catalog) -> None:
    """A new practice must be added to this test's map (and so to the content map) too."""
    assert sorted(set(catalog.ids()) - set(EXPECTED_PRACTICES)) == []


@pytest.mark.parametrize("practice_id", sorted(EXPECTED_PRACTICES))
def test_practice_cites_its_articles(catalog: Catalog, practice_id: str) -> None:
    """Every practice names at least the source articles its facts come from."""
    _, sources = EXPECTED_PRACTICES[practice_id]
    assert sources <= set(catalog.require(practice_id).sources)


def test_self_test_has_the_four_lying_checks_with_meanings(catalog: Catalog) -> None:
    """The sit-to-lie test carries the four checks and what each answer means."""
    test = catalog.require("sit-to-lie-test")
    checks = {c.id: c for c in test.checks}
    assert list(checks) == ["thighs-flat", "back-gap", "gap-even", "ribs-down"]
    assert [a.answer for a in checks["back-gap"].answers] == ["pencil", "fingers", "hand"]
    pointing = {(c.id, a.answer): a.pattern for c in test.checks for a in c.answers}
    assert pointing[("thighs-flat", "no")] == "hip_flexion"
    assert pointing[("back-gap", "hand")] == "rib_thrust"
    assert pointing[("back-gap", "pencil")] is None
    assert pointing[("gap-even", "no")] == "one_side_tighter"
    assert pointing[("ribs-down", "yes")] == "subtle"
    assert {p.id for p in test.patterns} == {
        "hip_flexion",
        "rib_thrust",
        "both",
        "one_side_tighter",
        "subtle",
    }


def test_bolster_release_matches_the_articles(catalog: Catalog) -> None:
    """5–10 minutes (at least 5), a 13–20 cm starting height, bolster and head support."""
    bolster = catalog.require("bolster-release")
    assert bolster.hold.min_s == 300
    assert 300 <= bolster.hold.default_s <= 600
    assert bolster.bolster_height is not None
    assert (bolster.bolster_height.min_cm, bolster.bolster_height.max_cm) == (13, 20)
    assert {"bolster", "pillow"} <= set(bolster.props)
    assert "blanket" in bolster.optional_props
    text = " ".join(bolster.steps).lower()
    for fact in ("shoulder blade", "palms", "podcast", "blanket", "thighs"):
        assert fact in text, fact


def test_releases_last_at_least_five_minutes(catalog: Catalog) -> None:
    """Both releases keep the articles' minimum of 5 minutes."""
    for release in catalog.of_kind("release"):
        assert release.hold.min_s >= 300, release.id


def test_pelvis_block_release_keeps_shins_vertical(catalog: Catalog) -> None:
    """The block release bends the knees with the shins straight up, block under the pelvis."""
    block = catalog.require("pelvis-block-release")
    assert block.props == ("block",)
    text = " ".join(block.steps).lower()
    assert "shins point straight up" in text
    assert "pelvis" in text


def test_massage_is_ruled_out_by_hip_or_spine_problems_and_pregnancy(catalog: Catalog) -> None:
    """Ball massage only once hip-joint or spine problems are ruled out (001), never pregnant."""
    spine = catalog.red_flag("hip_or_spine_condition")
    pregnancy = catalog.red_flag("pregnancy")
    assert spine is not None
    assert pregnancy is not None
    for massage in catalog.of_kind("massage"):
        assert "ball_pressure" in massage.demands
        assert "ball_pressure" in spine.avoid_until_cleared
        assert "ball_pressure" in pregnancy.avoid
        assert "lacrosse-ball" in massage.props


def test_safer_versions_are_labelled_and_only_stand_in(catalog: Catalog) -> None:
    """Each safer version is general safety advice, planned only in place of another."""
    standing_in = {v.use for p in catalog.practices for v in p.safer_versions}
    assert standing_in >= SAFER_VERSIONS
    for practice_id in SAFER_VERSIONS:
        practice = catalog.require(practice_id)
        assert practice.general_safety_advice
        assert practice.safer_version_only


def test_face_down_practices_are_marked_prone(catalog: Catalog) -> None:
    """Lying face down is flagged, so the planner can leave it out in pregnancy."""
    prone = {p.id for p in catalog.practices if p.prone}
    assert prone == {
        "prone-cross-over-stretch",
        "prone-quad-pull",
        "prone-press-up",
        "psoas-point-ball-massage",
    }


def test_strength_work_waits_for_pain_to_ease_and_builds_slowly(catalog: Catalog) -> None:
    """Every loaded strength practice waits for pain to ease; walking never waits for it."""
    for practice in catalog.of_kind("strength"):
        cautions = " ".join(practice.cautions).lower()
        assert "slowly" in cautions, practice.id
        if practice.id == "walking":
            assert "strength_load" not in practice.demands
            assert "whatever your pain" in cautions
        else:
            assert "strength_load" in practice.demands, practice.id
            assert "pain has eased" in cautions, practice.id


def test_red_flags_are_complete_and_sourced_or_labelled(catalog: Catalog) -> None:
    """Every red flag is in its tier; those not from an article are labelled general advice."""
    assert {f.id for f in catalog.red_flags} == set(EXPECTED_RED_FLAGS)
    for flag in catalog.red_flags:
        tier, sources = EXPECTED_RED_FLAGS[flag.id]
        assert flag.tier == tier, flag.id
        assert set(flag.sources) == sources
        advice = flag.advice.lower()
        assert any(who in advice for who in ("provider", "midwife", "doctor")), flag.id
        if not flag.sources:
            assert flag.general_safety_advice
            assert flag.labelled_advice.lower().count("general safety advice") == 1


def test_signs_pain_areas_and_causes(catalog: Catalog) -> None:
    """The background facts of 001 and 003 are all there."""
    background = catalog.background
    assert {f.id for f in background.signs} == {"short_stride", "squat_pain", "tender"}
    assert {f.id for f in background.pain_areas} == {"front_hip", "low_back", "front_thigh"}
    causes = {f.id for f in background.causes}
    assert {
        "long_sitting",
        "little_stretching",
        "weak_glutes_core",
        "overuse",
        "injury",
        "pelvis_forward",
        "knees_bent",
        "rib_thrusting",
        "stress",
        "sports",
    } <= causes
    sports = next(f for f in background.causes if f.id == "sports").text.lower()
    assert all(s in sports for s in ("soccer", "dance", "hockey"))


def test_stretch_rationale_explains_the_180_degree_argument(catalog: Catalog) -> None:
    """Each stretch says why: sitting holds 90–135°, standing reaches only 180°."""
    for stretch in catalog.of_kind("stretch"):
        why = " ".join(stretch.rationale)
        assert stretch.frequency
        assert "daily" in stretch.frequency.lower()
        if stretch.id == "lunge-hip-flexor-stretch":
            continue  # its own rationale: see the next test
        assert "90–135°" in why, stretch.id
        assert "180°" in why, stretch.id


def test_the_lunge_angles_agree_between_steps_and_rationale(catalog: Catalog) -> None:
    """The lunge takes the back hip just past straight, in its steps and its rationale alike.

    002 gives the back leg as going "from 90 to about 135 degrees", which cannot be
    read together with the 180° argument, so neither text quotes that figure.
    """
    from psoas.core.psoas_length import practice_length

    lunge = catalog.require("lunge-hip-flexor-stretch")
    text = " ".join(lunge.steps + lunge.rationale)
    assert "135°" not in text
    assert "180°" not in text
    assert "past straight" in " ".join(lunge.steps)
    assert "past straight" in " ".join(lunge.rationale)
    assert practice_length(lunge).change_percent > 0  # the model agrees: longer than standing
