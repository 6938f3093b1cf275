"""What a typed message wants, per role: rules first, then rapidfuzz over example phrases.

`understand(text, role)` normalises the message with the same normaliser as the safety check,
scores every intent the role can use — a rule that matches gives a high score, otherwise the
closest example phrase of that intent (rapidfuzz, over lemmas) — and returns the best, its
confidence (0–1), and when it is not sure, the two or three most likely alternatives, so the bot
can offer them as buttons instead of a dead end. Pure: no Telegram, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.understanding.normalise import WordPattern, normalise


class Intent(StrEnum):
    NEXT_MEETING = "next_meeting"
    CANT_COME = "cant_come"
    WILL_COME = "will_come"
    FEELING_LOW = "feeling_low"
    FIND_HELP = "find_help"  # a place or kind of help: the resource search
    TOPIC_IDEA = "topic_idea"
    THANKS = "thanks"
    HELLO = "hello"
    GOODBYE = "goodbye"
    STOP_MESSAGES = "stop_messages"
    WHO_RUNS_GROUP = "who_runs_group"
    HELP = "help"  # also "menu"
    FIND_SESSION_IDEAS = "find_session_ideas"  # PSF: topics, icebreakers, tips, ground rules
    WHO_IS_COMING = "who_is_coming"  # PSF
    TALK_TO_NURSE = "talk_to_nurse"  # PSF
    INVITE_SOMEONE = "invite_someone"  # PSF
    OPEN_CONCERNS = "open_concerns"  # nurse
    UNKNOWN = "unknown"


_EVERYONE = (Intent.THANKS, Intent.HELLO, Intent.GOODBYE, Intent.HELP, Intent.FIND_HELP)
ROLE_INTENTS: dict[str, tuple[Intent, ...]] = {
    "peer": (
        Intent.NEXT_MEETING,
        Intent.CANT_COME,
        Intent.WILL_COME,
        Intent.FEELING_LOW,
        Intent.TOPIC_IDEA,
        Intent.STOP_MESSAGES,
        Intent.WHO_RUNS_GROUP,
        *_EVERYONE,
    ),
    "psf": (
        Intent.NEXT_MEETING,
        Intent.FEELING_LOW,
        Intent.STOP_MESSAGES,
        Intent.FIND_SESSION_IDEAS,
        Intent.WHO_IS_COMING,
        Intent.TALK_TO_NURSE,
        Intent.INVITE_SOMEONE,
        *_EVERYONE,
    ),
    "nurse": (Intent.OPEN_CONCERNS, *_EVERYONE),
    "coordinator": _EVERYONE,
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Words that name something to look up: a topic for a session, a kind of local help.
SUBJECTS: frozenset[str] = frozenset(
    _words(
        """
    foot feet podiatry podiatrist chiropodist sleep holiday holidays travel eat eating food diet
    dietitian cooking cook recipe exercise walk walking swim swimming stress alcohol drink money
    benefit benefits debt eye eyes screening medication medicine insulin tablet weight driving
    drive christmas smoking emotion emotions feeling feelings carer carers caring transport lift
    bus counselling bereavement grief loneliness sugar hypo kidney heart blood pressure sex
    work job retirement family relationship shopping label labels snack breakfast fasting
    ramadan festive party flu vaccine jab dentist teeth gum optician
    pharmacy pharmacist library computer internet forms housing heating fuel memory mood
    anxiety depression confidence motivation goal goals ground rule rules icebreaker topic
    """
    )
)

SURE = 0.8  # confidence at and above which the bot acts without asking
_MARGIN = 8  # points the best must lead the runner-up by to be sure
_RULE_SCORE = 95.0
_SMALL_TALK_WORDS = 8  # longer messages are not just thanks, hello or goodbye

# Rules, over lemmas ("when be the next meeting", "i can not make it"). Earlier rules win ties.
_RULES: tuple[tuple[Intent, str], ...] = (
    # A whole message of thanks, a menu word, or a facilitation problem: decided first.
    (Intent.GOODBYE, r"^(?:ok |okay |right )?(?:ta ?ta|bye|bye bye|cheerio)\b"),
    (
        Intent.THANKS,
        r"^(?:oh |ok |okay |lovely |great |brilliant |perfect )?(?:thank you|thanks|thank u|"
        r"cheers|many thanks|thankyou|ty|thx)(?: (?:very much|so much|a lot|again|kindly))?"
        r"(?: for (?:the|that|this|your|a|letting|all|everything|it)(?: \w+){0,3})?$",
    ),
    (
        Intent.HELP,
        r"\b(?:menu|button)s?\b|\bhow do i (?:see|use|find|work) (?:thing|stuff|it|this)\b|"
        r"\bhelp with (?:this|the) (?:app|bot|thing|telegram|phone|screen)\b|\bstuck\b|"
        r"\bwhat to (?:press|tap|click)\b|^i (?:be|am) (?:lost|confused)\W*$",
    ),
    (
        Intent.FIND_SESSION_IDEAS,
        r"\bkeep (?:ask|talk|interrupt|go on|butt|argu|cry|moan|complain)\w*|\balways "
        r"(?:ask|talk|interrupt)\w*|\bwhat to do (?:when|if)\b|\bhow (?:do|can|should) (?:i|we) "
        r"(?:handle|deal with|manage|stop|cope with|end)\b|\bplan (?:the|a|our|next|my) "
        r"(?:\w+ )?(?:session|meeting)\b|\bsession \d+ (?:about|on)\b|\bwhat be (?:in )?"
        r"session \d+|\bidea\w* for (?:\w+ ){0,2}(?:session|meeting|group)\b|\bend (?:\w+ ){0,2}"
        r"well\b|\b(?:end|finish)\w* (?:the|a|our|my) group\b|\b(?:will not|can not|never|"
        r"do not) stop (?:talk|chat|go on|interrupt)\w*|\bkeep chat\w*|\bover each other\b|"
        r"\btake over\b|\bwhat do we do (?:at|in|for|on)\b|\bsomething (?:fun|different|light|"
        r"new) (?:to|for)\b",
    ),
    (
        Intent.TALK_TO_NURSE,
        r"\bnurse\b|\bworried about (?:\w+ ){0,4}(?:member|peer|lady|man|gentleman|person|"
        r"someone|one of)\b|\b(?:peer|member|lady|man) (?:\w+ ){0,3}(?:worry|worrying|concern)\w*|"
        r"\b(?:concern\w*|worry) about (?:\w+ ){0,3}(?:member|peer|someone|lady|man|one)\b|"
        r"\b(?:member|peer|one of my|someone in|lady|gentleman)\b.*\b(?:unwell|poorly|ill|not well|"
        r"health|insulin|dose|medication|tablet|medicine|blood pressure)\b",
    ),
    (
        Intent.STOP_MESSAGES,
        r"\b(?:stop|pause|mute|quiet|silence|turn off|switch off|cancel|halt|block)\w* "
        r"(?:\w+ ){0,3}(?:message|reminder|text|notification|send|ping|buzz|alert|bot|them|this|"
        r"it all|everything)|\bunsubscribe\b|\b(?:too many|so many|enough|no more|fewer|less) "
        r"(?:\w+ )?(?:message|reminder|text|notification)|\b(?:take|remove|delete) me (?:off|from)"
        r"|\bleave (?:the|this|my) group\b|\bdo not (?:want|need|wish) (?:\w+ ){0,2}"
        r"(?:message|reminder|text|notification)|\bopt out\b|\bleave me alone\b|"
        r"\bstop (?:send|messag|text|remind|contact)\w*|\bbreak from (?:the )?(?:message|group)|"
        r"\bno longer want\b|\bwant to leave\b|\bdo not send (?:me )?(?:any|anything)\b|^stop\W*$|"
        r"^mute\b|\bremove me\b",
    ),
    (
        Intent.CANT_COME,
        r"\b(?:can not|could not|will not|shall not|not|unable to|not be able to|never) "
        r"(?:\w+ ){0,3}(?:make it|make the|make this|make next|come|come along|attend|be there|"
        r"get there|join you|manage|be at|go|be come|be able to come|be with you)\b|"
        r"\bmiss (?:the|this|next|tomorrow|tuesday|wednesday|thursday|monday|friday|saturday|"
        r"it|one|a)\b|\bgive (?:it|this one|tomorrow) a miss\b|\bapologies\b|\bcount me out\b|"
        r"\bnot come\b|\bbe away\b|\b(?:be|i be|we be|i will be|away) on holiday\b|"
        r"\bwill not be in\b|\bnot be (?:in|about|around)\b|\b(?:have get|have|get) (?:a |the |an |"
        r"my )?"
        r"(?:\w+ )?(?:appointment|dentist|doctor|hospital|optician|funeral|wedding|hairdresser|"
        r"clinic)\b.*\b(?:that day|then|same day|same time|that morning|that afternoon|tuesday|"
        r"wednesday|thursday|monday|friday|tomorrow|so)\b|\bsend my apology\b|\bdrop out\b|"
        r"\bhave to miss\b|\bwill not be (?:there|about|around|along|coming)\b|"
        r"\b(?:sorry|afraid) (?:i )?(?:can not|will not|not)\b|\bnot go to make\b|"
        r"\bcan not do (?:tuesday|wednesday|thursday|monday|friday|saturday|the|this|next|it)\b",
    ),
    (
        Intent.WILL_COME,
        r"\b(?:i will|i shall|we will|i be|we be|i can|we can|i should) (?:\w+ )?(?:be there|"
        r"come|make it|be come|attend|be along|be at|join)\b|\bcount me in\b|\bput me down\b|"
        r"\bsee you (?:all )?(?:there|on|next|then|tuesday|wednesday|thursday|monday|friday|"
        r"saturday|tomorrow|at the)\b|\b(?:yes|yep|yeah|aye) (?:i be |i will |we will |i can )?"
        r"(?:come|go|there|be there|in|attend)\b|\blook forward to (?:it|the meeting|seeing|"
        r"next|tuesday|the next|come)\b|\bi be go(?: to the meeting| to be there| along)?$|"
        r"\bwill be there\b|\bi can make it\b|\b(?:definitely|hopefully) come\b|"
        r"\bplan to come\b|\bbe able to come\b|\bkeep me a seat\b|\bsave me a (?:seat|chair)\b",
    ),
    (
        Intent.FEELING_LOW,
        r"\b(?:feel|be|get|seem|so|very|bit|really|quite|little) (?:\w+ ){0,2}(?:low|down|sad|"
        r"lonely|alone|fed up|depressed|anxious|miserable|blue|rubbish|awful|worried|stressed|"
        r"isolated|overwhelmed|struggle|tearful|hopeless|useless|empty|flat|upset|unhappy|"
        r"wretched|lost|grim|gloomy|weepy|rotten|terrible|dreadful|scared|frightened)\b|"
        r"\blonely\b|\bloneliness\b|\bnot cope\b|\bstruggle\b|\bstruggling\b|"
        r"\b(?:bad|rough|tough|hard|difficult|awful|horrible|terrible) (?:day|time|week|night|"
        r"patch|few days|spell)\b|\bmiss (?:my|him|her) (?:wife|husband|partner|mum|dad|so)\b|"
        r"\bcry\w*\b|\bno one to talk to\b|\bnobody to talk to\b|\bdown in the dump\b|"
        r"\bnot feel (?:myself|great|good|right)\b|\bneed (?:someone|somebody) to talk to\b|"
        r"\bgetting on top of me\b|\bnot do (?:very |so |too )?(?:well|great|good)\b|"
        r"\bfind\w* it (?:hard|difficult|tough)\b|\b(?:feel like|want to|think of|think about) "
        r"give up\b|\bnot good (?:at|enough)\b|\bgrey\b|\bgrief\b|\bgrieve\b|\bbereave\w*|"
        r"\bdepress\w*|\banxiety\b|\bmood\b|\bfeel alone\b",
    ),
    (
        Intent.INVITE_SOMEONE,
        r"\binvit\w*|\bqr code\b|\b(?:add|bring in|sign up|enrol|enroll|register|recruit|"
        r"welcome) (?:\w+ ){0,2}(?:new member|new peer|someone|a person|member|peer|friend|"
        r"neighbour|newcomer|lady|man|people)\b|\bjoin (?:the|our|my) group\b|\blink (?:to|for) "
        r"(?:join|the group|new)\b|\bnew (?:member|peer|person|joiner|recruit)\b|"
        r"\bjoin\w* link\b|\b(?:like|want|wish|keen|ask|asked) to join\b|\bnewcomer\w*|\bhow (?:do|"
        r"does|can) (?:i|people|they|someone|she|he|we) join\b",
    ),
    (
        Intent.WHO_IS_COMING,
        r"\bwho (?:be )?(?:\w+ )?(?:come|coming|go|attend|turn up|reply|replied|say yes|"
        r"sign up|confirm)\w*|\bhow many (?:\w+ ){0,3}(?:come|go|attend|expect|reply|say yes|"
        r"confirm|turn up|sign|will be there|people)\w*|\bhead ?count\b|\bnumber for\b|"
        r"\battendance\b|\brsvp\b|\breplies\b|\bany(?:one|body) come\b|\bwho be in\b|"
        r"\bwho be there\b|\bwho (?:can|will|be go to) (?:make it|come|be there)\b|"
        r"\bany(?:one|body) (?:reply|replied|answer|respond)\w*|\bhow many chair|"
        r"\bwho (?:\w+ ){0,2}be there\b|\bwho have (?:say|answer|reply|confirm)\w*|\bguest list\b|"
        r"\bnumbers\b",
    ),
    (
        Intent.OPEN_CONCERNS,
        r"\bconcern\w*|\boutstanding\b|\bescalat\w*|\bcase\b|\bqueue\b|\bpending\b|\binbox\b|"
        r"\bwaiting for me\b|\bneed (?:my|me|a reply|answer|attention|a call|action)\b|"
        r"\banything (?:new|for me|waiting|outstanding|urgent|open)\b|\bto do list\b|"
        r"\bwho need\w*\b|\bopen\b|\bunanswered\b|\bunresolved\b|\bbacklog\b|\bmy list\b|"
        r"\bflag\w*\b|\bmiss\w* anything\b|\bwhat be new\b|\bnew\b|\bneed to look at\b|"
        r"\bin touch\b|\bresolve\w*|\bleft to do\b|\bdeal with\b|\brais\w* (?:anything|something|"
        r"a concern)\b|\bnew one\b|"
        r"\bwaiting\b|\bcome in\b|\bfrom (?:the )?(?:psf|facilitator)\w*|\bpending\b|"
        r"\bwait\w* for (?:a )?(?:reply|answer|call)|\bneed\w* doing\b|"
        r"\banything to (?:answer|do|reply)\b|\bissues?\b|\bproblem\w*\b|\bworries\b|\bfollow up\b|"
        r"\bwhat have i get\b",
    ),
    (
        Intent.TALK_TO_NURSE,
        r"\bnurse\b|\bclinical (?:advice|question|help)\b|\bmedical (?:advice|question)\b|"
        r"\braise (?:a|an) (?:concern|issue|problem|worry)\b|\bworried about (?:a|one|my|our) "
        r"(?:member|peer|group member|lady|man|gentleman)\b|\bescalate\b|\bstudy team\b|"
        r"\bspeak to (?:someone|somebody) (?:medical|clinical|qualified)\b|\bprofessional\b",
    ),
    (
        Intent.WHO_RUNS_GROUP,
        r"\bwho (?:\w+ )?(?:run|runs|lead|leads|organise|organize|facilitate|host|be in charge|"
        r"be the (?:facilitator|leader|organiser|organizer|psf|contact|host|person in charge))\b|"
        r"\b(?:facilitator|leader|organiser|organizer|psf)\w*(?: \w+){0,2} (?:name|number|"
        r"contact|detail|phone)\b|\bwho (?:do|can|should) i (?:contact|ask|speak to|talk to|ring|"
        r"call|message)\b|\bcontact (?:for|the person|someone|somebody)\b|\bwho be my "
        r"(?:facilitator|contact|leader|psf)\b|\bname of (?:the|our) (?:facilitator|leader|"
        r"organiser|psf)\b|\bwho be (?:the|our|my) (?:facilitator|leader|organiser|psf|contact|"
        r"host)\b|\bwho be in charge\b|\bwho organise\b",
    ),
    (
        Intent.FIND_SESSION_IDEAS,
        r"\btopic\w*|\bicebreak\w*|\bice break\w*|\bground rule\w*|\btip\b|\btips\b|"
        r"\bsession idea\w*|\bidea\w* for (?:the |a |our |next |this )?(?:session|meeting|group)|"
        r"\bsomething to (?:talk|do|discuss)\b|\bactivit\w*|\bcurriculum\b|\btheme\b|"
        r"\bwhat (?:should|shall|can|could) we (?:talk|do|discuss|cover)\b|"
        r"\b(?:dominat|interrupt|ramble|rambling|talk over|hog|monopolis|monopoliz|argu|"
        r"disagree|quiet member|shy|not talk|will not talk|no one talk|nobody talk|silence|"
        r"off topic|go off|clinical advice|wants advice|ask for advice|over talk|talk too much|"
        r"talk a lot|moan|complain)\w*|\bending (?:the|a|our) group\b|\bend(?:ing)? well\b|"
        r"\bwhat to do when\b|\bhow (?:do|can|should) i (?:handle|deal with|manage|stop|get)\b|"
        r"\bdiscussion (?:prompt|question|starter)\w*|\bprompt\w*\b|\bplan (?:the|a|our|next) "
        r"(?:session|meeting)\b|\bsession (?:on|about|plan)\b|\brunning order\b|\bagenda\b",
    ),
    (
        Intent.TOPIC_IDEA,
        r"\b(?:we|you) (?:could|might|can) (?:\w+ )?(?:talk|chat|discuss|cover|have|do|hear)\b|"
        r"\b(?:can|could|shall|should) we (?:talk|chat|discuss|cover|learn|look at|go over|"
        r"do something|have a (?:session|talk|speaker|chat))\b|\b(?:possible|able) to (?:have|do|"
        r"get) (?:a )?(?:talk|session|speaker)|\b(?:someone|somebody|a speaker|the nurse) "
        r"(?:\w+ ){0,3}(?:talk|speak) to us\b|\bidea for\b|"
        r"\b(?:can|could|shall|should) we (?:\w+ ){0,2}(?:talk|chat|discuss|do|have|cover|hear|"
        r"learn|look at|go over|get)\b(?: \w+){0,4} (?:about|on|session|topic|speaker|talk|"
        r"someone|next)\b|\b(?:idea|suggestion|suggest)\w* (?:for|of)? ?(?:a |the )?"
        r"(?:topic|session|talk|next)|\b(?:like|love|want) (?:to )?(?:talk|hear|learn|know|chat|"
        r"discuss) (?:more )?about\b|\bhow about (?:a |we )?(?:talk|session|topic|discuss)\w*|"
        r"\b(?:next time|one week|one month|sometime|one day) (?:can|could) we\b|"
        r"\bwould (?:be|it be) (?:good|nice|great|useful|interesting|helpful) (?:to|if we)\b|"
        r"\bguest speaker\b|\bspeaker (?:on|about|from)\b|\btopic idea\b|\bi have an idea\b|"
        r"\bsuggest\w*\b|\bwhat about (?:a |talking|discuss)\w*",
    ),
    (
        Intent.NEXT_MEETING,
        r"\bnext (?:meeting|session|group|one|get together|gathering|meet)\b|"
        r"\b(?:when|what time|where|what day|which day|what date|what be the date|how long)\b"
        r"(?: \w+){0,6} (?:meeting|meet|group|session|get together|gathering|start|begin|finish|"
        r"it|venue|we|next|hall|cafe)\b|\bmeeting (?:date|time|detail|place|venue|still|"
        r"tomorrow|today|next|this|on)\b|\b(?:date|time|venue|place|address) (?:of|for) "
        r"(?:the )?(?:meeting|session|group|next)\b|\bare we (?:still )?meet\w*|"
        r"\bbe (?:it|the meeting|we) (?:still )?on\b|\bwhere be it\b|\bwhen be it\b|"
        r"\bwhat time be it\b|\bsame (?:place|venue|time|day|hall)\b|\b(?:address|venue|postcode|"
        r"location)\b|"
        r"\b(?:be|is) (?:the )?(?:group|meeting|session|it) on\b|\bremind me (?:of )?(?:the )?"
        r"(?:date|time|when)|\bthe date\b|\bwhere do we meet\b|\bour meeting\b|\bmeeting\b",
    ),
    (
        Intent.FIND_HELP,
        r"\b(?:where|how) (?:can|could|do|would|should) (?:i|we|you|he|she|they|people|someone|"
        r"(?:my|a|our) \w+) (?:\w+ ){0,2}"
        r"(?:find|get|go|look|see|buy|book|join|ask|borrow)\b|\bis there (?:a|an|any)\b|"
        r"\b(?:look|search)\w* for\b|\bany (?:\w+ )?(?:group|class|service|help|support|advice|"
        r"club|near|local)\b|\bnear (?:me|here|us)\b|\blocal (?:\w+ )?(?:help|group|class|service|"
        r"support|club|resource)\b|\bhelp with (?:my )?\w+|\bneed (?:a|an|some|help|support|"
        r"advice|to find|to see)\b|\b(?:podiatr|chiropod|dietit|dietic|optician|foodbank|"
        r"food bank|benefit|transport|walking group|exercise class|counsell|pharmac|carer|"
        r"citizens advice|eye test|eye screening|retinal|foot check|dentist|swimming|chair based|"
        r"cookery|cooking class|lift to|bus|taxi|library|befriend|support group|helpline|"
        r"weight|smoking|diabetes uk)\w*|\bresource\w*|\bfind (?:local )?help\b|\bleaflet\b|"
        r"\bbooklet\b|\b(?:support|help|service|club|group)s? for\b|\bblue badge\b|"
        r"\blunch club\b|\bmental health\b|\bmemory cafe\b|\bbereave\w*",
    ),
    (
        Intent.THANKS,
        r"\bthank\w*|\bcheers\b|\bta\b|\bappreciate\w*|\bgrateful\b|\bbless you\b|"
        r"\byou be (?:a star|brilliant|great|wonderful|very kind|so kind|kind|helpful|a gem)\b|"
        r"\bthat (?:be|was) (?:very )?(?:helpful|kind|lovely|great|brilliant|useful)\b|"
        r"\bmuch obliged\b|\blovely,? thank\b|\bnice one\b|\bbrilliant\b|\bperfect\b|\bgreat\b",
    ),
    (
        Intent.GOODBYE,
        r"\b(?:good ?bye|bye|byee|cheerio|ta ta|tata|night night|good night|goodnight|take care|"
        r"speak soon|talk soon|catch you later|see you (?:soon|later|around|all)|see ya|ttfn|"
        r"farewell|so long|have a (?:good|nice|lovely) (?:day|evening|weekend|night)|until next "
        r"time|that be all|that be it|i be off|signing off|over and out|sign off|later|catch you|"
        r"(?:me|i be) done for)\b|^night\b",
    ),
    (
        Intent.HELLO,
        r"^(?:\w+ )?(?:hello|hi|hiya|hey|howdy|hullo|good (?:morning|afternoon|evening|day)|"
        r"morning|afternoon|evening|greeting|hi there|hello there|yo|ey up|alright|how be you|"
        r"how do you do)\b|\bhow be (?:you|everyone|everybody|things|we)\b|\bgood (?:morning|"
        r"afternoon|evening)\b|^(?:hello|hi|hiya|hey)\b",
    ),
    (
        Intent.HELP,
        r"\bhelp\b|\bmenu\b|\bwhat can (?:you|i|this|the bot) do\b|\bhow do(?:es)? (?:this|it|the "
        r"bot|you) work\b|\boption\w*|\binstruction\w*|\bi be lost\b|\bwhat do i do\b|"
        r"\bnot understand\b|\bhow do i use\b|\bwhat be this\b|\bbutton\w*|\bstart again\b|"
        r"\bstart over\b|\bgo back\b|\bhome\b|\bmain screen\b|\bconfused\b|\bwhat now\b|"
        r"\bwhat next\b|\bwhere be (?:the|my) (?:menu|button|option)\w*",
    ),
)

# Example phrases per intent, for rapidfuzz (whole-message similarity over lemmas).
EXAMPLES: dict[Intent, tuple[str, ...]] = {
    Intent.NEXT_MEETING: (
        "when is the next meeting",
        "what time is the meeting",
        "where are we meeting",
        "when do we meet next",
        "what date is the group",
        "is the meeting still on",
        "where is it this month",
        "next meeting please",
        "meeting details",
        "when is it",
        "time and place",
    ),
    Intent.CANT_COME: (
        "sorry can't make it",
        "I can't come this time",
        "won't be there",
        "I have to miss this one",
        "not coming",
        "apologies for next week",
        "I'm away that day",
        "can't do Tuesday",
    ),
    Intent.WILL_COME: (
        "I'll be there",
        "yes I'm coming",
        "see you there",
        "count me in",
        "I can make it",
        "coming",
        "going",
        "yes",
        "I will come",
    ),
    Intent.FEELING_LOW: (
        "I feel a bit low today",
        "feeling lonely",
        "I'm struggling",
        "feeling down",
        "not a good day",
        "I feel so alone",
        "fed up",
        "sad today",
    ),
    Intent.FIND_HELP: (
        "walking group near me",
        "help with my feet",
        "dietitian",
        "podiatry",
        "transport to hospital",
        "exercise classes",
        "support group",
        "local help",
        "eye screening",
        "someone to talk to about money",
    ),
    Intent.TOPIC_IDEA: (
        "can we talk about holidays next time",
        "idea for a topic",
        "could we have a session on sleep",
        "I'd like to talk about eating out",
        "how about a speaker on feet",
        "suggestion for next meeting",
    ),
    Intent.THANKS: ("thank you", "thanks", "thanks very much", "cheers", "ta", "much appreciated"),
    Intent.HELLO: ("hello", "hi", "good morning", "hiya", "hi there", "how are you"),
    Intent.GOODBYE: ("bye", "goodbye", "see you soon", "take care", "night night", "cheerio"),
    Intent.STOP_MESSAGES: (
        "stop these messages",
        "stop sending me messages",
        "unsubscribe",
        "too many messages",
        "pause messages",
        "leave the group",
        "no more reminders",
    ),
    Intent.WHO_RUNS_GROUP: (
        "who runs the group",
        "who is the facilitator",
        "who is in charge",
        "who do I contact",
        "facilitator's number",
        "who leads our group",
    ),
    Intent.HELP: ("help", "menu", "what can you do", "how does this work", "options", "start"),
    Intent.FIND_SESSION_IDEAS: (
        "feet",
        "a topic about eating out",
        "someone keeps dominating the discussion",
        "icebreaker",
        "ground rules",
        "topics",
        "tips",
        "ideas for the session",
        "what shall we talk about",
        "sleep",
        "holidays",
        "eating out",
        "exercise",
        "stress",
        "medication",
        "quiet members",
    ),
    Intent.WHO_IS_COMING: (
        "who's coming",
        "how many are coming",
        "headcount",
        "who is coming on tuesday",
        "attendance",
        "who said yes",
    ),
    Intent.TALK_TO_NURSE: (
        "I need to talk to the nurse",
        "contact the nurse",
        "nurse",
        "I'm worried about one of my peers",
        "raise a concern",
        "speak to the study nurse",
    ),
    Intent.INVITE_SOMEONE: (
        "invite someone",
        "invite link",
        "add a new member",
        "qr code",
        "how does a new person join",
        "invitation",
    ),
    Intent.OPEN_CONCERNS: (
        "open concerns",
        "concerns",
        "what's outstanding",
        "anything for me",
        "my list",
        "show concerns",
        "any new concerns",
    ),
}


@dataclass(frozen=True, slots=True)
class Understanding:
    """The best guess at what a message wants, how sure, and the runners-up when unsure."""

    intent: Intent
    confidence: float
    alternatives: tuple[Intent, ...] = ()

    @property
    def sure(self) -> bool:
        return self.intent is not Intent.UNKNOWN and not self.alternatives


_COMPILED: tuple[tuple[Intent, WordPattern], ...] = tuple(
    (intent, WordPattern(pattern, re.MULTILINE)) for intent, pattern in _RULES
)


@lru_cache(maxsize=8)
def _examples(role: str) -> tuple[tuple[str, ...], tuple[Intent, ...]]:
    allowed = set(ROLE_INTENTS.get(role, _EVERYONE))
    texts: list[str] = []
    owners: list[Intent] = []
    for intent, phrases in EXAMPLES.items():
        if intent not in allowed:
            continue
        for phrase in phrases:
            texts.append(normalise(phrase).lemma_text)
            owners.append(intent)
    return tuple(texts), tuple(owners)


def _scores(surface: str, lemmas: str, role: str, subjects: frozenset[str]) -> dict[Intent, float]:
    allowed = ROLE_INTENTS.get(role, _EVERYONE)
    scores: dict[Intent, float] = dict.fromkeys(allowed, 0.0)
    both = lemmas if lemmas == surface else f"{lemmas}\n{surface}"  # one search for the two
    first = True
    for intent, pattern in _COMPILED:
        if intent in scores and pattern.search(both):
            # The first rule that matches wins; later ones stay as the runners-up.
            scores[intent] = max(scores[intent], _RULE_SCORE if first else _RULE_SCORE - 12)
            first = False
    if len(lemmas.split()) > _SMALL_TALK_WORDS:
        # "Thanks Jean, I'll ring Bob this morning…" is more than small talk: not sure.
        for intent in (Intent.THANKS, Intent.HELLO, Intent.GOODBYE):
            if intent in scores:
                scores[intent] = min(scores[intent], 70.0)
    texts, owners = _examples(role)
    for _, score, index in process.extract(
        lemmas, texts, scorer=fuzz.ratio, limit=6, score_cutoff=50
    ):
        intent = owners[index]
        scores[intent] = max(scores[intent], float(score) * 0.9)
    words = lemmas.split()
    if (
        len(words) <= 6
        and max(scores.values()) < 70
        and any(w in SUBJECTS or w in subjects for w in (*words, *surface.split()))
    ):
        # A few words that no rule knows, naming a subject: something to look up.
        fallback = Intent.FIND_SESSION_IDEAS if role == "psf" else Intent.FIND_HELP
        if fallback in scores:
            scores[fallback] = max(scores[fallback], 72.0)
    return scores


def understand(text: str, role: str, subjects: Iterable[str] = ()) -> Understanding:
    """What `text` typed by someone in `role` ("peer", "psf", "nurse") most likely wants.

    `subjects` adds words that name something to look up (topic and resource words from the
    content), on top of the built-in SUBJECTS.
    """
    extra = subjects if isinstance(subjects, frozenset) else frozenset(subjects)
    return _understand(text[:500], str(role), extra)


@lru_cache(maxsize=4096)
def _understand(text: str, role: str, subjects: frozenset[str]) -> Understanding:
    said = normalise(text)
    if not said.words:
        return Understanding(Intent.UNKNOWN, 0.0, _likely(role))
    scores = _scores(said.text, said.lemma_text, role, subjects)
    ranked = sorted(scores.items(), key=lambda pair: -pair[1])
    (best, top), (second, runner_up) = ranked[0], ranked[1]
    if top < 62:
        return Understanding(Intent.UNKNOWN, top / 100, _likely(role))
    if top / 100 >= SURE and top - runner_up >= _MARGIN:
        return Understanding(best, top / 100)
    alternatives = tuple(i for i, s in ranked[1:3] if s >= 45 and s >= top - 25)
    return Understanding(best, top / 100, alternatives or (second,))


def _likely(role: str) -> tuple[Intent, ...]:
    """What people in `role` most often want, offered when nothing is understood."""
    return {
        "peer": (Intent.NEXT_MEETING, Intent.FIND_HELP, Intent.FEELING_LOW),
        "psf": (Intent.WHO_IS_COMING, Intent.FIND_SESSION_IDEAS, Intent.TALK_TO_NURSE),
        "nurse": (Intent.OPEN_CONCERNS, Intent.FIND_HELP),
    }.get(role, (Intent.HELP,))
