"""The content library coordinators edit (content/*.yaml): loading, validation and search."""

from bot.content.loader import ContentError, ContentProblem, ContentStore, load_content
from bot.content.models import (
    NATIONAL,
    PEER_SECTIONS,
    Category,
    Content,
    ContentSection,
    CurriculumSession,
    GroundRules,
    Guide,
    Icebreaker,
    Nation,
    Resource,
    Tip,
    Topic,
    nation_of,
)
from bot.content.search import ResourceIndex, SearchHit, TopicIndex
from bot.content.suggest import SessionPlan, plan_session

__all__ = [
    "NATIONAL",
    "PEER_SECTIONS",
    "Category",
    "Content",
    "ContentError",
    "ContentProblem",
    "ContentSection",
    "ContentStore",
    "CurriculumSession",
    "GroundRules",
    "Guide",
    "Icebreaker",
    "Nation",
    "Resource",
    "ResourceIndex",
    "SearchHit",
    "SessionPlan",
    "Tip",
    "Topic",
    "TopicIndex",
    "load_content",
    "nation_of",
    "plan_session",
]
