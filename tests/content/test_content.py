"""The content library: the shipped YAML is complete and sound, and broken files are explained."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import loader
from bot.content.loader import ContentError, ContentProblem, ContentStore, load_content
from bot.content.models import (
    KEY_MAX_LENGTH,
    NATIONAL,
    PERSONAL_ADVICE_WORDS,
    Content,
    ResourceEntry,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
SAMPLE_AREA = "sample-area"
# The only phone numbers we are certain of; anything else must say how to find the number.
CERTAIN_NUMBERS = {"999", "111", "112", "0345 123 2399", "116 123", "0800 678 1602"}
REPORTED_PROBLEMS = {
    "someone-dominates",
    "quiet-members",
    "rambling",
    "medical-advice",
    "upsetting-stories",
    "low-turnout",
}
RESOURCE_CATEGORIES = {
    "dietitian",
    "education-course",
    "exercise-walking",
    "foot-care",
    "eye-screening",
    "emotional-support",
    "carers",
    "bereavement",
    "money-advice",
    "transport",
    "stop-smoking",
    "venues",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped content that a test may break."""
    return Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))


def edit(directory: Path, name: str, old: str, new: str) -> None:
    """Replace `old` (which must be there exactly once) with `new` in one content file."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_in(directory: Path) -> list[ContentProblem]:
    with pytest.raises(ContentError) as raised:
        load_content(directory)
    return raised.value.problems


# --- The shipped content ---------------------------------------------------------------------


def test_curriculum_has_sessions_one_to_six_in_order(content: Content) -> None:
    """The curriculum holds sessions 1 to 6, in order, each found by its number."""
    assert [session.number for session in content.curriculum] == [1, 2, 3, 4, 5, 6]
    assert all(content.session(n) is content.curriculum[n - 1] for n in range(1, 7))
    assert content.session(7) is None


def test_every_session_is_complete_and_fits_in_90_minutes(content: Content) -> None:
    """Each session has aims, 3-5 prompts, an activity, a closing question and a 90-minute plan."""
    for session in content.curriculum:
        assert session.aims and session.activity and session.closing_question
        assert 3 <= len(session.prompts) <= 5
        assert sum(step.minutes for step in session.running_order) <= 90


def test_library_sizes_meet_the_brief(content: Content) -> None:
    """At least 15 topics and 12 icebreakers ship, with a tip for each problem PSFs reported."""
    assert len(content.topics) >= 15
    assert len(content.icebreakers) >= 12
    assert {tip.key for tip in content.tips} >= REPORTED_PROBLEMS
    assert {"sleep", "alcohol", "hypos", "eating-out", "holidays-travel"} <= {
        topic.key for topic in content.topics
    }


def test_health_content_points_to_a_professional(content: Content) -> None:
    """Every health topic and every session says to ask the GP, practice nurse or pharmacist."""
    advice = [topic.personal_advice for topic in content.topics if topic.health]
    advice += [session.personal_advice for session in content.curriculum]
    assert advice
    assert all(text and PERSONAL_ADVICE_WORDS.search(text) for text in advice)


def test_ground_rules_peer_explainer_and_ending_guide_are_there(content: Content) -> None:
    """The ground rules keep the five rules the study found helpful; the guides have sections."""
    for key in ("aims", "confidentiality", "taking-turns", "phones", "not-medical-advice"):
        assert content.ground_rules.rule(key) is not None
    assert content.peer_support.section("what-it-isnt") is not None
    assert content.ending_well.section("last-meeting") is not None


def test_every_key_fits_in_button_callback_data(content: Content) -> None:
    """Every key is a short slug, so it fits in Telegram's 64-byte callback data."""
    keys = [topic.key for topic in content.topics]
    keys += [icebreaker.key for icebreaker in content.icebreakers]
    keys += [tip.key for tip in content.tips]
    keys += [resource.key for resource in content.resources]
    keys += [category.key for category in content.categories]
    keys += [session.key for session in content.curriculum]
    assert all(re.fullmatch(r"[a-z0-9-]+", key) and len(key) <= KEY_MAX_LENGTH for key in keys)


def test_resources_cover_every_category_nationally_or_in_the_sample(content: Content) -> None:
    """Each category the brief lists exists and has at least one resource."""
    assert {category.key for category in content.categories} >= RESOURCE_CATEGORIES
    used = {resource.category for resource in content.resources}
    assert used >= RESOURCE_CATEGORIES


def test_only_certain_phone_numbers_are_shipped(content: Content) -> None:
    """No phone number ships unless it is one we are certain of, in a field or in any text."""
    assert {r.phone for r in content.resources if r.phone} <= CERTAIN_NUMBERS
    number_like = re.compile(r"\b0\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b")
    for path in CONTENT_DIR.rglob("*.yaml"):
        found = set(number_like.findall(path.read_text(encoding="utf-8")))
        assert found <= CERTAIN_NUMBERS, f"{path.name}: {found - CERTAIN_NUMBERS}"


def test_sample_area_is_clearly_marked_as_a_sample(content: Content) -> None:
    """Every sample-area entry is flagged and named 'SAMPLE —'; no national entry is a sample."""
    area = content.area(SAMPLE_AREA)
    assert area is not None and area.sample and "replace me" in area.name
    assert {"Lavenham", "Long Melford"} <= set(area.places)
    sample = [r for r in content.resources if r.area == SAMPLE_AREA]
    assert len(sample) >= 10
    assert all(r.sample and r.name.startswith("SAMPLE —") for r in sample)
    assert not any(r.sample for r in content.resources if r.area == NATIONAL)


def test_lookups_by_key_return_none_for_unknown_keys(content: Content) -> None:
    """Lookups find entries by key and answer None for a forged or stale key."""
    sleep = content.topic("sleep")
    assert sleep is not None and sleep.key == "sleep"
    assert content.icebreaker("things-in-common") is not None
    assert content.resource("samaritans") is not None
    assert content.category("foot-care") is not None
    assert content.tip("low-turnout") is not None
    for lookup in (content.topic, content.icebreaker, content.resource, content.category):
        assert lookup("no-such-key") is None


def test_resources_for_an_area_are_its_own_plus_national(content: Content) -> None:
    """A user's area sees its own resources and the national ones; no area sees national only."""
    in_sample = content.resources_for(SAMPLE_AREA)
    assert {r.area for r in in_sample} == {NATIONAL, SAMPLE_AREA}
    assert {r.area for r in content.resources_for(None)} == {NATIONAL}
    assert {r.area for r in content.resources_for("elsewhere")} == {NATIONAL}


def test_the_readme_example_resource_is_valid() -> None:
    """The example a coordinator copies from content/README.md passes the check."""
    readme = (CONTENT_DIR / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    (entry,) = yaml.safe_load(example)
    assert ResourceEntry.model_validate(entry).name == "Lavenham health walk"


# --- Problems are explained: file, entry, what is wrong ----------------------------------------


def test_empty_prompts_name_the_file_entry_and_field(content_copy: Path) -> None:
    """A topic with no prompts is reported as file, topic key and field, in plain words."""
    edit(
        content_copy,
        "topics.yaml",
        """      - How well do you usually sleep? Has it changed since your diagnosis?
      - What keeps you awake? Is it worries, needing the toilet, pain or snoring?
      - What helps you get a good night's sleep?
      - How does a bad night affect what you eat and do the next day?
""",
        "",
    )
    edit(
        content_copy,
        "topics.yaml",
        "tags: [sleeping, insomnia, tired, tiredness, night, fatigue, snoring]\n    prompts:",
        "tags: [sleeping]\n    prompts: []",
    )
    assert [str(p) for p in problems_in(content_copy)] == [
        "topics.yaml, topic 'sleep': prompts: at least 1 item required"
    ]


def test_all_problems_in_all_files_are_reported_at_once(content_copy: Path) -> None:
    """Several mistakes in different files come back together, one line each."""
    edit(
        content_copy,
        "icebreakers.yaml",
        "    minutes: 5\n    good_for: Before",
        "    minutes: 45\n    good_for: Before",
    )
    edit(content_copy, "tips.yaml", "  - key: rambling\n", "  - key: Rambling\n")
    edit(
        content_copy,
        "resources/national.yaml",
        "    category: bereavement\n",
        "    category: grief\n",
    )
    problems = problems_in(content_copy)
    assert {p.file for p in problems} == {
        "icebreakers.yaml",
        "tips.yaml",
        "resources/national.yaml",
    }
    text = str(ContentError(problems))
    assert "icebreakers.yaml, icebreaker 'weather-report': minutes: must be at most 20" in text
    assert "tips.yaml, tip 'Rambling': key: 'Rambling' is not a valid key" in text
    assert (
        "resources/national.yaml, resource 'cruse': category: 'grief' is not in categories.yaml"
        in text
    )
    assert len(text.splitlines()) == len(problems) == 3


def test_yaml_syntax_error_names_the_line(content_copy: Path) -> None:
    """A broken indentation is reported with its line number, not a traceback."""
    edit(
        content_copy,
        "icebreakers.yaml",
        "  - key: name-and-place\n",
        "  - key: name-and-place\n   title: oops\n",
    )
    (problem,) = problems_in(content_copy)
    assert problem.file == "icebreakers.yaml"
    assert re.match(r"line \d+: ", problem.message)


def test_unknown_field_lists_the_allowed_ones(content_copy: Path) -> None:
    """A misspelt field is refused, with the fields that are allowed."""
    edit(content_copy, "icebreakers.yaml", "    materials: A jar", "    material: A jar")
    (problem,) = problems_in(content_copy)
    assert problem.entry == "icebreaker 'question-jar'"
    assert problem.message.startswith("material: unknown field — check the spelling (allowed: key,")


def test_an_unknown_top_level_field_is_shown_as_typed_on_one_line(content_copy: Path) -> None:
    """A stray key, even one holding line breaks, is quoted so the report stays one line each."""
    path = content_copy / "curriculum.yaml"
    path.write_text('"two\\nlines": null\nsesions: []\n', encoding="utf-8")
    problem = next(p for p in problems_in(content_copy) if "unknown field" in p.message)
    assert problem.file == "curriculum.yaml"
    assert problem.message == "unknown field(s) 'two\\nlines', sesions — allowed: sessions"


def test_a_key_used_twice_is_refused(content_copy: Path) -> None:
    """Two topics with the same key would make buttons ambiguous, so it is an error."""
    edit(content_copy, "topics.yaml", "  - key: alcohol\n", "  - key: sleep\n")
    (problem,) = problems_in(content_copy)
    assert problem.message == "key 'sleep' is used twice; keys must be unique"


def test_a_missing_session_is_reported(content_copy: Path) -> None:
    """A curriculum without session 4 is refused, naming the missing session."""
    edit(content_copy, "curriculum.yaml", "  - number: 4\n", "  - number: 3\n")
    messages = {str(p) for p in problems_in(content_copy)}
    assert messages == {
        "curriculum.yaml, session 3: appears more than once",
        "curriculum.yaml, session 4: is missing (need 1 to 6)",
    }


def test_a_session_longer_than_90_minutes_is_refused(content_copy: Path) -> None:
    """A running order adding up to more than 90 minutes breaks the study's limit."""
    edit(
        content_copy,
        "curriculum.yaml",
        '{minutes: 35, what: Discussion}\n      - {minutes: 15, what: "Closing',
        '{minutes: 60, what: Discussion}\n      - {minutes: 15, what: "Closing',
    )
    assert [str(p) for p in problems_in(content_copy)] == [
        "curriculum.yaml, session 1: running_order adds up to 115 minutes; keep it to 90"
    ]


def test_a_step_longer_than_a_session_is_refused(content_copy: Path) -> None:
    """A single step over 90 minutes is pointed at by its position in the running order."""
    edit(
        content_copy,
        "curriculum.yaml",
        "{minutes: 25, what: Looking",
        "{minutes: 95, what: Looking",
    )
    assert [str(p) for p in problems_in(content_copy)] == [
        "curriculum.yaml, session 6: running_order item 5, minutes: must be at most 90"
    ]


def test_an_unquoted_time_is_explained(content_copy: Path) -> None:
    """YAML turns an unquoted 10:30 into a number; the message says to use quotes."""
    edit(
        content_copy,
        "resources/sample-area.yaml",
        "    opening_times: SAMPLE — for example, Tuesdays at 10:00\n",
        "    opening_times: 10:30\n",
    )
    (problem,) = problems_in(content_copy)
    assert problem.entry == "resource 'sample-walk-lavenham'"
    assert 'put it in quotes, e.g. "10:30"' in problem.message


def test_a_field_written_twice_is_refused(content_copy: Path) -> None:
    """YAML would silently keep the second of two fields; the check refuses it instead."""
    edit(
        content_copy,
        "icebreakers.yaml",
        "    minutes: 5\n    good_for: Before",
        "    minutes: 5\n    minutes: 6\n    good_for: Before",
    )
    (problem,) = problems_in(content_copy)
    assert problem.file == "icebreakers.yaml"
    assert "field 'minutes' is written twice" in problem.message


def test_health_topic_needs_personal_advice(content_copy: Path) -> None:
    """A health topic that does not send people to a professional is refused."""
    edit(
        content_copy,
        "topics.yaml",
        "personal_advice: Your GP or practice nurse can help you set goals that suit your health.",
        "personal_advice: Ask a friend.",
    )
    (problem,) = problems_in(content_copy)
    assert str(problem) == (
        "topics.yaml, topic 'motivation': personal_advice: "
        "must point people to their GP, practice nurse or pharmacist"
    )


def test_ground_rules_must_keep_the_required_rules(content_copy: Path) -> None:
    """Removing the confidentiality rule from the template is refused."""
    edit(content_copy, "ground_rules.yaml", "  - key: confidentiality\n", "  - key: privacy\n")
    (problem,) = problems_in(content_copy)
    assert str(problem) == "ground_rules.yaml: rules: missing required rule(s): confidentiality"


def test_missing_and_unknown_files_are_reported(content_copy: Path) -> None:
    """A deleted file and a misnamed one are both reported."""
    (content_copy / "tips.yaml").rename(content_copy / "tip.yaml")
    messages = {str(p) for p in problems_in(content_copy)}
    assert "tips.yaml: file is missing" in messages
    assert any(m.startswith("tip.yaml: not a known content file") for m in messages)


def test_a_resource_file_ending_in_yml_is_not_silently_ignored(content_copy: Path) -> None:
    """A resources file saved as .yml is reported rather than quietly left out."""
    (content_copy / "resources/sample-area.yaml").rename(content_copy / "resources/sample.yml")
    assert [str(p) for p in problems_in(content_copy)] == [
        "resources/sample.yml: rename it to end in .yaml, or it would be ignored"
    ]


def test_a_real_area_still_holding_sample_entries_is_refused(content_copy: Path) -> None:
    """Copying the sample and only changing `area:` is caught: sample text never reaches peers."""
    edit(
        content_copy,
        "resources/sample-area.yaml",
        "area: sample-area\nname: Sample Area (replace me)\nsample: true\n",
        "area: babergh\nname: Babergh\n",
    )
    entries = (content_copy / "resources/sample-area.yaml").read_text().count("\n  - key: ")
    problems = problems_in(content_copy)
    assert len(problems) == entries
    assert all(p.file == "resources/sample-area.yaml" for p in problems)
    assert "still marked as a sample" in problems[0].message


def test_two_files_for_one_area_are_refused(content_copy: Path) -> None:
    """Each area has one file; a second file for the same area is reported."""
    shutil.copy(content_copy / "resources/sample-area.yaml", content_copy / "resources/copy.yaml")
    messages = [str(p) for p in problems_in(content_copy)]
    assert messages == [
        "resources/sample-area.yaml: area 'sample-area' is already in resources/copy.yaml"
    ]


def test_a_file_that_is_not_utf8_is_reported(content_copy: Path) -> None:
    """A file saved in the wrong encoding is a problem to fix, not a crash."""
    (content_copy / "tips.yaml").write_bytes(b"tips: [\xff\xfe]")
    (problem,) = problems_in(content_copy)
    assert problem.file == "tips.yaml" and problem.message.startswith("could not be read")


# --- The running bot's store -----------------------------------------------------------------


def test_store_refuses_to_start_with_broken_content(content_copy: Path) -> None:
    """Starting the bot with broken content fails loudly with every problem listed."""
    edit(content_copy, "topics.yaml", "  - key: alcohol\n", "  - key: Alcohol\n")
    with pytest.raises(ContentError, match=re.escape("topics.yaml, topic 'Alcohol': key")):
        ContentStore(content_copy)


def test_reload_swaps_in_edited_content(content_copy: Path) -> None:
    """After a coordinator's valid edit, reload returns no problems and the edit is live."""
    store = ContentStore(content_copy)
    edit(content_copy, "topics.yaml", "title: Sleep and tiredness", "title: Sleeping well")
    assert store.reload() == []
    sleep = store.current.topic("sleep")
    assert sleep is not None and sleep.title == "Sleeping well"
    assert store.topic_index.search("sleeping well")[0][0].title == "Sleeping well"


def test_reload_keeps_old_content_when_a_file_is_broken(content_copy: Path) -> None:
    """A broken edit is reported and the bot carries on with the content it had."""
    store = ContentStore(content_copy)
    before = store.current
    edit(content_copy, "topics.yaml", "  - key: alcohol\n", "  - key: alcohol\n    colour: red\n")
    index = store.resource_index
    problems = store.reload()
    assert [p.entry for p in problems] == ["topic 'alcohol'"]
    assert store.current is before and store.resource_index is index


def test_reload_survives_an_unexpected_error(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an unforeseen failure while loading is returned as a problem, never raised."""
    store = ContentStore(content_copy)
    before = store.current

    def explode(directory: Path) -> Content:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loader, "load_content", explode)
    (problem,) = store.reload()
    assert "disk on fire" in problem.message
    assert store.current is before
