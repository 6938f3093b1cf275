"""Search by words: typo-tolerant, ranked, limited to the user's area plus national."""

from pathlib import Path

import pytest

from bot.content.loader import load_content
from bot.content.models import NATIONAL, Category, Content, Resource
from bot.content.search import ResourceIndex, TopicIndex, normalise

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
SAMPLE_AREA = "sample-area"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT_DIR)


@pytest.fixture(scope="module")
def index(content: Content) -> ResourceIndex:
    return ResourceIndex.from_content(content)


def make_resource(key: str, name: str, *, area: str = NATIONAL, **fields: object) -> Resource:
    fields.setdefault("category", "other")
    return Resource.model_validate(
        {"key": key, "name": name, "offers": "-", "how_to_reach": "-", "area": area, **fields}
    )


# Misspelt and everyday queries a peer or PSF might type, and the category that must come first.
QUERIES_AND_FIRST_CATEGORY = [
    ("dietician", "dietitian"),
    ("excercise", "exercise-walking"),
    ("walkng group", "exercise-walking"),
    ("feet", "foot-care"),
    ("eye test", "eye-screening"),
    ("chiropodist", "foot-care"),
    ("chiropidist", "foot-care"),
    ("bereavment", "bereavement"),
    ("money worries", "money-advice"),
    ("quit smoking", "stop-smoking"),
    ("stop smokin", "stop-smoking"),
    ("lift to the hospital", "transport"),
    ("carer", "carers"),
    ("feeling down", "emotional-support"),
    ("podiatry", "foot-care"),
    ("diabetes course", "education-course"),
    ("Dietician!!", "dietitian"),
    ("someone to talk to", "emotional-support"),
    ("cant afford prescriptions", "money-advice"),
    ("I need a lift to my hospital appointment", "transport"),
    ("where can I get my feet looked at", "foot-care"),
    ("grief", "bereavement"),
    ("village hall", "venues"),
]


@pytest.mark.parametrize(("query", "category"), QUERIES_AND_FIRST_CATEGORY)
def test_everyday_and_misspelt_queries_find_the_right_category_first(
    index: ResourceIndex, query: str, category: str
) -> None:
    """A typo or an everyday phrase still puts the right kind of resource first."""
    hits = index.search(query, area=SAMPLE_AREA)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].resource.category == category


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("eye test", "eye-screening"),
        ("dietician", "nhs-dietitian"),
        ("quit smoking", "nhs-quit-smoking"),
        ("lift to the hospital", "sample-car-scheme"),
        ("bereavment", "cruse"),
        ("samaritans", "samaritans"),
        ("nhs 111", "nhs-111"),
        ("free prescriptions", "free-prescriptions"),
    ],
)
def test_specific_resources_are_in_the_top_three(
    index: ResourceIndex, query: str, key: str
) -> None:
    """The entry a query is really after is among the first three hits."""
    assert key in [hit.resource.key for hit in index.search(query, area=SAMPLE_AREA)[:3]]


def test_walking_group_near_lavenham_puts_the_sample_area_first(index: ResourceIndex) -> None:
    """Naming a village in the user's area puts that area's matching entry first."""
    hits = index.search("walking group near lavenham", area=SAMPLE_AREA)
    assert hits[0].resource.key == "sample-walk-lavenham"
    assert "walking-for-health" in [hit.resource.key for hit in hits]


def test_a_misspelt_place_still_boosts_its_area(index: ResourceIndex) -> None:
    """'lavnham' is recognised as Lavenham."""
    assert index.search("lavnham walk", area=SAMPLE_AREA)[0].resource.key == "sample-walk-lavenham"


def test_a_place_name_alone_lists_what_is_there(index: ResourceIndex) -> None:
    """Typing just a village lists the area's entries that serve it."""
    hits = index.search("Long Melford", area=SAMPLE_AREA)
    assert hits
    assert all("Long Melford" in hit.resource.places for hit in hits)


def test_a_town_named_like_a_service_word_is_not_taken_for_a_place() -> None:
    """In an area with a town called Eye, "eye test" is still about eyes."""
    index = ResourceIndex(
        [
            make_resource("screening", "Eye screening", tags=("eye test",)),
            make_resource("bloods", "Blood test clinic", area="mid-suffolk", places=("Eye",)),
            make_resource("walk", "Walking group", area="mid-suffolk", places=("Diss",)),
        ],
        area_places={"mid-suffolk": ["Eye", "Diss"]},
    )
    assert index.search("eye test", area="mid-suffolk")[0].resource.key == "screening"
    assert index.search("walking group near diss", area="mid-suffolk")[0].score > 100


@pytest.mark.parametrize(
    "query", ["xyzzy plugh", "qwertyuiop", "zzz", "", "   ", "?!", "the and of"]
)
def test_nonsense_finds_nothing_rather_than_junk(index: ResourceIndex, query: str) -> None:
    """A query matching nothing returns no hits, so the bot can say so kindly."""
    assert index.search(query, area=SAMPLE_AREA) == []


def test_hits_are_ranked_best_first_and_limited(index: ResourceIndex) -> None:
    """Scores come best first and no more than `limit` hits are returned."""
    hits = index.search("exercise", area=SAMPLE_AREA, limit=3)
    assert len(hits) == 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_without_an_area_only_national_resources_are_found(index: ResourceIndex) -> None:
    """Someone with no area sees national resources only, even when naming a sample village."""
    hits = index.search("walking group near lavenham", area=None)
    assert hits
    assert {hit.resource.area for hit in hits} == {NATIONAL}


def test_other_areas_are_never_shown() -> None:
    """A resource from another area never appears, however well it matches."""
    index = ResourceIndex(
        [
            make_resource("ours", "Walking group", area="ours"),
            make_resource("theirs", "Walking group", area="theirs"),
            make_resource("everyone", "Walking for Health"),
        ]
    )
    keys = {hit.resource.key for hit in index.search("walking", area="ours")}
    assert keys == {"ours", "everyone"}


def test_someone_with_several_areas_sees_each_of_them() -> None:
    """A nurse of two areas (or a coordinator) finds and browses both areas, and national."""
    index = ResourceIndex(
        [
            make_resource("ours", "Walking group", area="ours", category="walks"),
            make_resource("also", "Walking club", area="also", category="walks"),
            make_resource("theirs", "Walking group", area="theirs", category="walks"),
            make_resource("everyone", "Walking for Health", category="walks"),
            make_resource("feet", "Foot clinic", area="theirs", category="feet"),
        ]
    )
    keys = {hit.resource.key for hit in index.search("walking", area=["ours", "also"])}
    assert keys == {"ours", "also", "everyone"}
    listed = [r.key for r in index.by_category("walks", area=("ours", "also"))]
    assert listed == ["ours", "also", "everyone"]
    assert index.categories_for(["ours"]) == {"walks"}
    assert index.categories_for("theirs") == {"walks", "feet"}


def test_typos_are_forgiven_without_listing_them_as_synonyms() -> None:
    """Fuzzy matching finds 'Dietitian' for 'dietician' with no synonym to help it."""
    index = ResourceIndex(
        [
            make_resource("diet", "Dietitian clinic"),
            make_resource("gym", "Exercise class"),
            make_resource("bus", "Community bus"),
        ]
    )
    assert index.search("dietician", area=None)[0].resource.key == "diet"
    assert index.search("excercise clas", area=None)[0].resource.key == "gym"


def test_a_correct_word_is_not_mistaken_for_a_similar_one() -> None:
    """'walking' does not find a talking therapy just because the words differ by one letter."""
    index = ResourceIndex(
        [make_resource("talk", "Talking therapy"), make_resource("walk", "Walking group")]
    )
    assert [hit.resource.key for hit in index.search("walking", area=None)] == ["walk"]


def test_category_synonyms_are_searched() -> None:
    """A word that is only a synonym of the resource's category still finds it."""
    feet = Category(key="foot-care", name="Foot care", description="-", synonyms=("chiropodist",))
    index = ResourceIndex(
        [make_resource("clinic", "Podiatry clinic", category="foot-care")], categories=[feet]
    )
    assert index.search("chiropodist", area=None)[0].resource.key == "clinic"


def test_a_rare_word_counts_more_than_a_common_one() -> None:
    """'diabetes course' prefers the course over entries that only mention diabetes."""
    index = ResourceIndex(
        [
            make_resource("helpline", "Diabetes helpline"),
            make_resource("charity", "Diabetes charity"),
            make_resource("course", "Diabetes education course"),
        ]
    )
    assert [hit.resource.key for hit in index.search("diabetes course", area=None)] == ["course"]


def test_a_very_long_message_is_searched_safely(index: ResourceIndex) -> None:
    """A 5,000-character message is cut short and still answers sensibly."""
    hits = index.search("foot " + "x" * 5000, area=SAMPLE_AREA)
    assert hits[0].resource.category == "foot-care"


def test_by_category_lists_the_area_first_then_national(
    index: ResourceIndex, content: Content
) -> None:
    """Browsing a category shows the user's own area before national entries."""
    resources = index.by_category("foot-care", area=SAMPLE_AREA)
    areas = [resource.area for resource in resources]
    assert areas == sorted(areas, key=lambda area: area != SAMPLE_AREA)
    assert areas[0] == SAMPLE_AREA and NATIONAL in areas
    assert {r.area for r in index.by_category("foot-care", area=None)} == {NATIONAL}
    assert index.by_category("no-such-category", area=SAMPLE_AREA) == []


def test_normalise_drops_case_accents_punctuation_and_stop_words() -> None:
    """Normalising makes 'Carer's Café near me!' the same words as 'carers cafe'."""
    assert normalise("Carer's Café near me!") == ["carers", "cafe"]


# --- Topics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("sleeping badly", "sleep"),
        ("holliday abroad", "holidays-travel"),
        ("christmas", "celebrations"),
        ("drinking", "alcohol"),
        ("low sugar", "hypos"),
        ("fed up", "low-mood"),
        ("my doctor", "talking-to-gp"),
        ("cooking for one", "cooking-budget"),
        ("lonely", "loneliness"),
    ],
)
def test_topics_are_found_by_everyday_words(content: Content, query: str, key: str) -> None:
    """A peer's suggestion in their own words finds the matching topic first."""
    assert TopicIndex(content.topics).search(query)[0][0].key == key


def test_topic_search_finds_nothing_for_nonsense(content: Content) -> None:
    """A suggestion unrelated to any topic matches none."""
    assert TopicIndex(content.topics).search("xyzzy plugh") == []
