"""Spotting emergencies in people's own words, so the numbers to call come first.

A rule-based detector you can read. A message is cut into clauses; each clause is normalised
(see `normalise`) and matched against a family of patterns per kind of emergency, written over
word lemmas ("collapsing", "collapsed" → "collapse"). A match is then weighed against its context:

- idioms are taken out before matching ("collapsed with laughter", "dying to try", "die my hair");
- talk *about* a subject ("we talked about chest pain at the meeting", "a leaflet on hypos",
  "can we have a session on strokes") lowers a match unless the clause is urgent ("help", "999");
- the past ("since his heart attack in 2019"), a question about signs or a hypothetical ("what
  should you do if someone has a hypo") and "fine now" lower a match, but never when someone is
  in distress now ("I'm", "she can't", "he keeps", "still").

When unsure, it alarms: a false alarm costs a moment, a miss can cost a life. Configured extra
phrases add to the built-in patterns (kind OTHER); they never replace them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.understanding.normalise import Normalised, WordPattern, normalise


class EmergencyKind(StrEnum):
    HYPO = "hypo"
    HIGH_SUGAR = "high_sugar"  # very high blood sugar, diabetic ketoacidosis (DKA)
    STROKE = "stroke"
    HEART = "heart"
    BREATHING = "breathing"
    COLLAPSE = "collapse"  # also unresponsive, head injury, heavy bleeding
    SEIZURE = "seizure"
    SUICIDAL = "suicidal"
    SELF_HARM = "self_harm"
    OVERDOSE = "overdose"
    OTHER = "other"  # a configured extra phrase, or a plain call for an ambulance


@dataclass(frozen=True, slots=True)
class Emergency:
    """What kind of emergency a message sounds like, and whether the writer is the one in it."""

    kind: EmergencyKind
    about_self: bool


# When one message sounds like several, the answer fits the first of these.
PRIORITY: tuple[EmergencyKind, ...] = (
    EmergencyKind.SUICIDAL,
    EmergencyKind.SELF_HARM,
    EmergencyKind.OVERDOSE,
    EmergencyKind.HEART,
    EmergencyKind.STROKE,
    EmergencyKind.BREATHING,
    EmergencyKind.SEIZURE,
    EmergencyKind.HIGH_SUGAR,
    EmergencyKind.HYPO,
    EmergencyKind.COLLAPSE,
    EmergencyKind.OTHER,
)

# ---------------------------------------------------------------------------------------------
# Building blocks, all over lemmas: "i be", "she have get", "can not", "will not".

_PERSON = (
    r"(?:husband|wife|partner|mum|mother|mam|mom|dad|father|son|daughter|brother|sister|friend|"
    r"neighbour|neighbor|grandson|granddaughter|grandchild|grandkid|nan|nanna|grandad|grandpa|"
    r"grandma|granny|aunt|auntie|uncle|cousin|carer|colleague|mate|boy|girl|baby|child|kid|lad|"
    r"man|woman|lady|gentleman|fella|chap|member|peer|bloke|hubby|other half|fiance|flatmate)"
)
_WHO = rf"(?:i|he|she|they|we|you|someone|somebody|(?:my|our|a|the|his|her|their) {_PERSON})"
_DIABETIC = r"\b(?:sugar|glucose|bm|insulin|diabetic|diabetes|hypo|gliclazide|libre|meter|level)\b"
_MEDS = (
    r"(?:tablet|pill|medication|medicine|insulin|gliclazide|metformin|paracetamol|painkiller|"
    r"capsule|statin|aspirin|sleep(?:ing)? (?:pill|tablet)|antidepressant|dose|jab)"
)
_SPEECH_ODD = r"(?:slur|jumble|garble|strange|muddle|funny|weird|slurry|odd|wrong)"

_RULES: dict[EmergencyKind, tuple[str, ...]] = {
    EmergencyKind.SUICIDAL: (
        r"\bsuicid\w*",
        r"\b(?:kill|top|hang|end) (?:my|him|her)?self\b(?!(?: \w+)? laugh)",
        r"\bend (?:it all|(?:my|his|her|their|your|my own) life|everything|thing|it now)\b",
        r"\b(?:have|had) enough of (?:life|live|everything|it all|be alive)\b",
        r"\bbetter off (?:if|when) (?:i|i be|i was) (?:be |was |were )?(?:not|gone|dead|no longer)",
        r"\b(?:life|it) (?:be )?not worth (?:live|it any ?more)\b|\bnot worth live\b",
        r"\bnot see (?:the|any|a) point (?:in |of )?(?:anything|live|go on|carry on|wake|it)",
        r"\brather (?:not (?:wake up|be here|be alive|be around|live)|be dead)\b",
        r"\btake the (?:lot|whole lot)\b(?!.*\b(?:bag|box|cake|biscuit|chair|home)\b)",
        r"\btake my (?:own )?life\b",
        r"\b(?:want|wish|like|ready|prefer|rather|long) to (?:die|be dead|not wake up|disappear)\b",
        r"\bwish (?:i|i would|i could) (?:be|just)? ?(?:dead|die|not wake|go to sleep and not)",
        r"\bbetter off dead\b",
        r"\b(?:everyone|everybody|they|family|people|world|kid|child|wife|husband|all)"
        r"(?: \w+)? (?:would|will|be|\w+ be) (?:all )?better off without me\b",
        r"\bbetter off without me\b",
        r"\bdo not want to (?:be here|live|go on|carry on|wake up|exist|be alive|be around)",
        r"\bnot want to (?:be here|live|go on|wake up) any ?more",
        r"\b(?:no|what be the|what is the) point (?:in |of )?(?:go on|live|carry on|anything|"
        r"it all|wake up|be alive|be here|any of it|trying)\b(?! (?:a|the|to|with|at|this|that)\b)",
        r"\bno (?:reason|point) (?:to|in) (?:live|go on|carry on)\b",
        r"\bnothing (?:left )?to live for\b",
        r"\b(?:tired|sick) of (?:live|life|be alive|be here|everything)\b",
        r"\bcan not (?:go on|carry on|do this) (?:any ?more|like this)\b",
        r"\bcan not (?:cope|take it|face it|face anything|face life) any ?more\b",
        r"\b(?:save|stockpile|hoard|collect|store) (?:up )?(?:my |all my |some )?"
        r"(?:tablet|pill|insulin|medication|medicine)\b",
        r"\b(?:think|thinking|plan|planning|go|tempt|want|could|might|going) "
        r"(?:about |of |on |to )?"
        r"(?:just )?take (?:all|the lot|the whole|every) (?:of )?(?:my |the |them|her |his )",
        r"\btake them all\b",
        r"\b(?:jump|throw myself) (?:off|in front|under)\b",
        r"\bnot be (?:here|around) (?:much longer|for much longer|any ?more)\b",
        r"\b(?:want|wish) (?:it|everything|this) (?:all )?to (?:stop|end)\b",
        r"\bgo to sleep and (?:never|not) wake\b",
        r"\bsay (?:my )?goodbye(?: to everyone)?\b.*\b(?:last|final)\b",
        r"\bno way out\b",
        r"\bcan not see (?:a|any) (?:way (?:forward|out|through)|future|point)\b",
        r"\b(?:sleep|go to sleep) (?:forever|for ever|for good|and never wake)\b",
        r"\b(?:no one|nobody|noone|no body) (?:would|will) (?:even )?(?:notice|care|miss me|mind)"
        r"\b(?=.*\b(?:gone|go|dead|die|not here|disappear|not around)\b)",
        r"\b(?:think|thinking|plan|planning|want|going|go|tempt|decide)\w* (?:about |of |to |on )?"
        r"end (?:it|myself|thing)\b",
        r"\bdo something (?:stupid|silly|daft) to myself\b|\bdo something stupid\b",
        r"\bwant to (?:disappear|go to sleep|be with (?:him|her|them)) (?:forever|for good|and)\b",
    ),
    EmergencyKind.SELF_HARM: (
        r"\bself harm\w*",
        r"\b(?:harm|hurt|cut|burn|injure|punish|hit|punch|bruise|starve) myself\b"
        r"(?! by accident| accidentally| shave| on (?:the|a)| in the| with the)"
        r"(?=.*\b(?:again|on purpose|deliberately|want|urge|need|keep|start|tempt|think|feel|"
        r"like this|when i)\b|$)",
        r"\b(?:want|urge|need|feel like|tempt|think about|start|keep) (?:to )?"
        r"(?:harm|hurt|cut|burn|injure) myself\b",
        r"\bcut (?:my|his|her|their) wrist",
        r"\bbe cut (?:my|his|her|their) (?:arm|leg|thigh|wrist)",
        r"\bcut (?:my|his|her|their) (?:arm|leg|thigh)\w* (?:again|on purpose|deliberately)",
        r"\b(?:harm|hurt|cut|burn) (?:myself|himself|herself) (?:on purpose|deliberately|again)\b",
        r"\b(?:scratch|hit|bang my head|pick) (?:myself )?(?:until|till|to) (?:it|i) bleed\b",
    ),
    EmergencyKind.OVERDOSE: (
        r"\boverdose\b",
        r"\b(?:o\.?d|od) (?:on|ed|d)\b",
        r"\btake (?:too much|too many|double|twice|two lot|an extra|extra|a double|a whole|"
        r"the whole|a full|both|all (?:of )?my|my \w+ twice|it twice|twice the)\b"
        r"(?=.*\b(?:insulin|tablet|pill|dose|unit|medication|medicine|gliclazide|metformin|"
        r"paracetamol|jab|pen|them|capsule|sleeping)\b)",
        r"\b(?:inject|do|give|have|take) (?:myself |him |her )?(?:my |the |his |her )?"
        r"(?:\w+ )?(?:insulin|dose|jab|injection) (?:twice|again by mistake|two time|double)",
        r"\b(?:inject|take|give|use|do) (?:myself |him |her )?(?:with )?(?:the |my |his |her )?"
        r"wrong (?:insulin|pen|dose|tablet|medication)",
        r"\b(?:too much|too many|double|extra|twice the) (?:\w+ )?(?:insulin|unit|dose|tablet|pill|"
        r"gliclazide|metformin|paracetamol)\b(?=.*\b(?:take|have|inject|give|swallow|do|by "
        r"mistake|accident)\b)",
        r"\b(?:take|have|inject|give|swallow|do)\b.*\b(?:too much|too many|double|extra|twice the)"
        r" (?:\w+ )?(?:insulin|unit|dose|tablet|pill|gliclazide|metformin|paracetamol)\b",
        r"\b(?:swallow|take|eat|get into|have) (?:a |the )?(?:whole |full |half a |half the )?"
        r"(?:packet|box|bottle|strip|tub|blister|pack) (?:of )?(?:my |his |her |the )?"
        r"(?:\w+ )?(?:tablet|pill|paracetamol|medication|medicine|sleeping|painkiller)",
        r"\b(?:swallow|eat|take|get into) (?:some |a few |one of |all )?(?:of )?(?:my|his|her|nan|"
        r"grandad|granny|the) (?:\w+ )?(?:tablet|pill|medication|medicine)\b"
        r"(?=.*\b(?:grandchild|grandson|granddaughter|child|kid|baby|toddler|dog|boy|girl|"
        r"little)\b)",
        r"\b(?:grandchild|grandson|granddaughter|child|kid|baby|toddler|boy|girl|little \w+)"
        r"(?: \w+){0,3} (?:swallow|eat|take|get into)\b.*\b(?:tablet|pill|medication|medicine)\b",
        r"\b(?:insulin|tablet|pill|dose|unit|medication|medicine|gliclazide|metformin) twice\b",
        r"\bdouble (?:dose|up on)\b",
        r"\b(?:swallow|take|eat|have|down)\w* (?:a |the )?(?:load|lot|handful|bunch|pile|"
        rf"whole lot|fistful|stack) (?:of )?(?:my |his |her |their |the )?(?:\w+ )?{_MEDS}",
        r"\b\d+ unit instead of \d+\b",
        r"\b(?:inject|take|give|do|have|put in|use)\w* (?:\w+ ){0,4}(?:instead of|as well as)\b"
        rf"(?=.*\b{_MEDS})",
        r"\bmix\w* up (?:my|his|her|their|the) \w*\b(?=.*\btake\b)",
        r"\btake all of (?:tomorrow|the week|next|today)",
        rf"\b{_MEDS}\b(?: \w+){{0,2}} (?:again|twice) (?:by mistake|by accident|accidentally)\b",
        r"\b(?:again|twice) by mistake\b",
        r"\b(?:grandchild|grandson|granddaughter|child|kid|baby|toddler|boy|girl|dog|cat|puppy)"
        rf"(?: \w+){{0,3}} (?:swallow|eat|take|get into|chew)\w*\b.*\b{_MEDS}",
    ),
    EmergencyKind.STROKE: (
        r"\b(?:mini )?stroke\b",
        r"\btia\b",
        r"\bface (?:\w+ ){0,2}(?:droop|drop|sag|fall|slip|go lopsided|lopsided|twist|numb|go numb)",
        r"\b(?:droop|drop|sag|lopsided|twisted) (?:\w+ )?(?:face|mouth|smile|eye|lip)\b",
        r"\b(?:mouth|smile|eye|lip|cheek|eyelid) (?:\w+ ){0,2}(?:droop|drop|sag|lopsided|"
        r"go down|pull)",
        r"\bone side of (?:my|his|her|their|the) (?:face|mouth|body)",
        r"\b(?:weak|numb|dead|floppy|heavy|no feel|paralyse|tingly)\w* (?:\w+ ){0,2}"
        r"(?:down|on|in) (?:one|the left|the right|my left|my right|his left|his right|"
        r"her left|her right|\w+) side\b",
        r"\b(?:left|right|one) side (?:\w+ ){0,2}(?:go|be|feel) (?:\w+ )?(?:numb|weak|dead|floppy|"
        r"heavy|paralyse)",
        r"\bcan not (?:lift|raise|move|hold up|feel|grip with) (?:my|his|her|their|either|both|"
        r"one|the)? ?(?:left |right )?(?:arm|hand|leg|face|side)",
        r"\b(?:arm|hand|leg) (?:\w+ ){0,2}(?:go|be|feel|become) (?:\w+ )?(?:numb|weak|dead|floppy|"
        r"heavy|useless|limp)\b",
        rf"\b(?:speech|voice|word|talk|talking|speak|speaking) (?:\w+ ){{0,3}}{_SPEECH_ODD}",
        r"\bslur\w*",
        r"\bcan not (?:speak|talk|get (?:my|his|her|the)? ?word|find (?:my|his|her|the)? ?word|"
        r"say (?:what|the word)|understand what (?:i|he|she) be say)",
        r"\b(?:talk|speak|word) (?:\w+ ){0,2}(?:gibberish|mix up)",
        r"\bsudden (?:\w+ )?(?:blind|loss of (?:vision|sight)|blurred|double vision|confusion|"
        r"worst headache|terrible headache|severe headache)",
        r"\bworst headache\b",
        r"\b(?:numb|weak|dead|floppy|paralyse|tingly|heavy)\w* (?:\w+ ){0,2}(?:in|down) "
        r"(?:my|his|her|the|their|one) (?:left |right )?(?:arm|leg|hand|face|side)",
    ),
    EmergencyKind.HEART: (
        r"\bheart attack\b",
        r"\bcardiac arrest\b",
        r"\b(?:crush|tight|heavy|squeeze|squeezing|press|pressure|band|vice|elephant|ache|"
        r"pain|sharp|stab|burn)\w* (?:\w+ ){0,3}(?:in|across|on|round|around|through|of) "
        r"(?:my|his|her|the|their|me) ?chest\b",
        r"\bchest (?:\w+ ){0,4}(?:pain|ache|hurt|tight|tightness|heavy|crush|squeeze|pressure|"
        r"band|vice|burn)",
        r"\bpain (?:\w+ ){0,2}(?:down|in|into|up) (?:my|his|her|the|their) (?:left )?"
        r"(?:arm|jaw|neck)\b(?=.*\b(?:sweat|sweaty|sick|clammy|breathless|grey|gray|dizzy|"
        r"chest|faint|nausea|vomit)\b)",
        r"\b(?:arm|jaw)\b(?: \w+){0,4} (?:pain|ache|hurt)\w*\b(?=.*\b(?:sweat|sweaty|sick|clammy|"
        r"breathless|grey|gray|chest|nausea)\b)",
        r"\bheart (?:\w+ )?(?:stop|stopping)\b",
        r"\bclutch\w* (?:at )?(?:my|his|her|their|the) chest\b",
        r"\b(?:sit|sitting|stand|weight) on (?:my|his|her) chest\b",
        r"\bangina\b(?=.*\b(?:not (?:work|help|go)|spray|worse|will not)\b)",
    ),
    EmergencyKind.BREATHING: (
        r"\b(?:can not|could not|not|stop|barely|struggle to|fight to|hardly|unable to) "
        r"(?:\w+ )?breathe\b",
        r"\b(?:struggle|fight|gasp|strain|battle) (?:for|to get) (?:a |my |his |her )?"
        r"(?:breath|air)\b",
        r"\b(?:gasp|pant|choke|wheez)\w*\b(?!.*\b(?:laugh|laughter)\b)",
        r"\bcan not (?:get|catch) (?:my|his|her|a|their) breath\b",
        r"\b(?:so|very|really|badly|terribly|suddenly|severely|extremely) "
        r"(?:short of breath|breathless)\b",
        r"\bshort of breath\b(?=.*\b(?:can not|lip|blue|chest|talk|speak|worse|bad|suddenly|sit|"
        r"lie|now|help)\b)",
        r"\bbreathless\w*\b(?=.*\b(?:can not|lip|blue|chest|talk|speak|worse|bad|suddenly|help|"
        r"now)\b)",
        r"\b(?:lip|face|finger) (?:\w+ ){0,2}(?:blue|grey|gray)\b",
        r"\bturn(?:ing)? blue\b",
        r"\bbreathe (?:\w+ ){0,2}(?:very |really |so )?(?:noisy|strange|funny|shallow|rattly|fast|"
        r"weird|odd)\b",
        r"\b(?:throat|tongue|lip|face) (?:\w+ ){0,3}(?:swell|close|tighten|swollen)",
        r"\basthma attack\b",
        r"\binhaler (?:\w+ ){0,2}(?:not|no) (?:work|help)",
        r"\banaphyla\w*",
    ),
    EmergencyKind.SEIZURE: (
        r"\bseizure\b",
        r"\bconvuls\w*",
        r"\b(?:have|be|go into|in|another|epileptic|having|start|into) (?:a |an )?"
        r"(?:another )?(?:epileptic )?fit\b(?! (?:in|of|for|into|the|as|with|me|him|her|you|"
        r"everyone|well|enough|again and well)\b)",
        r"\bbe fitting\b",
        r"\bfitting\b(?=.*\b(?:floor|help|ambulance|now|stop|shake|jerk|not respond)\b)",
        r"\b(?:jerk|twitch|thrash)\w* (?:\w+ ){0,2}(?:all over|uncontrollably|arm|leg|body)",
        r"\bshake (?:all over|uncontrollably)\b(?=.*\b(?:not respond|eye|floor|can not|"
        r"will not|foam)\b)",
        r"\beye (?:\w+ ){0,2}roll\w* (?:back|up)",
        r"\bfoam\w* at the mouth\b",
    ),
    EmergencyKind.HIGH_SUGAR: (
        r"\bpear drop",
        r"\b(?:fruity|sweet|acetone|nail varnish|nail polish)\w* (?:\w+ )?(?:breath|smell)",
        r"\bbreath (?:\w+ ){0,3}(?:smell|smelly) (?:\w+ ){0,2}(?:sweet|fruity|acetone|"
        r"nail varnish|nail polish|pear)",
        r"\bketo ?acidosis\b|\bdka\b",
        r"\bketone\w* (?:\w+ ){0,3}(?:high|positive|3|purple|dark|large|lot|up|over)",
        r"\b(?:high|large|lot of|positive) ketone",
        r"\b(?:meter|monitor|machine|reading|libre|sensor|it|glucometer|screen|sugar|level|bm|"
        r"glucose|tester|phone|app) (?:\w+ ){0,2}(?:say|show|read|be|flash|display|come up)\w* "
        r"(?:just )?(?:hi|high|h i|off the scale)\b(?! (?:to|from|there|everyone|back))",
        r"\b(?:sugar|glucose|level|reading|bm) (?:\w+ ){0,2}(?:sky high|through the roof|"
        r"off the scale|off the chart|very high|really high|so high|too high|dangerously high|"
        r"extremely high|high)\b(?=.*\b(?:vomit|sick|throw up|thirsty|drowsy|confused|"
        r"breathe fast|breathe heavy|tummy|stomach|keep anything down|pee|wee)\w*)",
        r"\b(?:vomit|be sick|throw up|keep be sick)\w*\b(?=.*\b(?:sugar|glucose|ketone|insulin|"
        r"thirsty|diabetic|level)\b)(?=.*\b(?:high|thirsty|ketone|hi|keep|can not keep|"
        r"all day|all night)\b)",
        r"\b(?:so|very|really|desperately|terribly|extremely|unbearably) thirsty\b(?=.*\b(?:sick|"
        r"vomit|pee|wee|sugar|drowsy|confused|breathe|tummy|dry)\w*)",
    ),
    EmergencyKind.HYPO: (
        r"\bhypo\w*\b(?! (?:treatment|kit|box|remedy|sweet|snack|awareness|pack|stash|"
        r"supply|supplies|bag|tablet|juice|card|leaflet|glucose)\b)",
        r"\b(?:be|feel|go|get|look|seem|start|keep|all|so|very|really|bit) "
        r"(?:\w+ ){0,2}(?:shaky|shake|tremble|trembly|trembling|wobbly|jittery|sweaty|"
        r"clammy|sweat)\b",
        r"\b(?:shaky|trembly|sweaty|clammy|jittery|wobbly)\b(?=.*\b(?:sweaty|sweat|shaky|shake|"
        r"dizzy|confused|hungry|faint|pale|clammy|tingle|blurry|blur|muddle|sugar|weird|odd)\w*)",
        r"\bcan not (?:think straight|think clearly|think properly|focus|concentrate)\b",
        r"\b(?:not make (?:any )?sense|talk nonsense|act (?:strange|strangely|weird|odd|drunk|"
        r"confused)|seem drunk|look drunk|like (?:he|she) be drunk)\b",
        r"\b(?:confused|confusion|drowsy|dizzy|light headed|woozy|faint|spaced out|vacant|"
        r"disorientated|disoriented|groggy)\b"
        r"(?=.*\b(?:confused|drowsy|dizzy|sweaty|sweat|shaky|shake|pale|sugar|glucose|insulin|"
        r"diabetic|hypo|gliclazide|blur|clammy|tingle|hungry|not make sense|low|wobbly|weird)\w*)",
        r"\b(?:i|he|she) (?:be|feel|go|get|keep) (?:\w+ ){0,2}(?:dizzy|faint|light headed|woozy)\b",
        r"\b(?:sugar|glucose|level|reading|bm|libre|sensor|number) (?:\w+ ){0,3}"
        r"(?:drop|fall|crash|plummet|dip|go|be|come down|low|fallen)\w* (?:\w+ ){0,2}"
        r"(?:low|down|too low|very low|really low|dangerously low|through the floor|"
        r"right down)\b",
        r"\b(?:sugar|glucose|level|reading|bm) (?:\w+ ){0,2}(?:crash|plummet|nosedive|"
        r"drop like a stone|drop fast|fall fast|go down fast)\w*",
        r"\b(?:go|going|be|very|really|dangerously|too) low\b(?=.*" + _DIABETIC + ")",
        r"\b(?:sugar|glucose|level|bm)s? (?:be |go |feel )?(?:very |really |too |so )?low\b",
        r"\blow (?:blood )?sugar\b(?! (?:diet|recipe|biscuit|jam|option|version|drink|snack|"
        r"food|cake|alternative|chocolate|cereal)\b)",
        r"\bcan not (?:wake|rouse|get) (?:\w+ ){0,3}(?:up|to wake|wake|round)\b(?=.*"
        + _DIABETIC
        + ")",
        r"\b(?:will not|not) (?:wake|come round|respond|rouse)\w*\b(?=.*" + _DIABETIC + ")",
    ),
    EmergencyKind.COLLAPSE: (
        r"\bcollapse\w*",
        r"\bpass out\b(?! (?:the|some|a|leaflet|form|flyer|sheet|biscuit|cake|handout|paper|"
        r"copy|copies|sweet|ticket|card)\b)",
        r"\bpassed out\b",
        r"\b(?:faint|black out|keel over|keel|drop to the floor|slump|go limp|fall unconscious)\b"
        r"(?!.*\b(?:hope|fear|nearly|almost|could|sight of)\b)",
        r"\bunconscious\b",
        r"\bunresponsive\b",
        r"\b(?:not|will not|can not get (?:him|her|them) to|do not|be not) "
        r"(?:respond|responsive|wake|come round|come to|move|answer)\w*\b",
        r"\bcan not (?:wake|rouse) (?:him|her|them|my|our|the)\b",
        r"\bon the floor (?:\w+ ){0,3}(?:not|can not|will not|unresponsive|unconscious|not move)",
        r"\b(?:fall|trip|slip|knock|bang|hit)\w* (?:\w+ ){0,4}(?:head|skull)\b",
        r"\bhead (?:injury|wound)\b",
        r"\bknock(?:ed)? (?:out|unconscious|himself out|herself out|myself out)\b",
        r"\b(?:bleed|blood)\w* (?:\w+ ){0,3}(?:heavily|a lot|badly|everywhere|will not stop|"
        r"not stop|profusely|so much|loads|pour|gush|spurt)",
        r"\b(?:lot of|so much|pool of|loads of|pour|gush|spurt)\w* (?:\w+ )?blood\b",
        r"\bblood (?:everywhere|all over|pour|gush|spurt)\w*",
        r"\b(?:can not|will not|can not get it to) stop (?:the )?bleed\w*",
        r"\b(?:i|he|she) think (?:he|she|they) be dead\b",
        r"\bnot (?:got a |have a |find a )pulse\b|\bno pulse\b",
    ),
    EmergencyKind.OTHER: (
        r"\b(?:call|ring|phone|get|send|need|want|wait for|waiting for|dial)\w* "
        r"(?:for )?(?:an |the |a )?(?:ambulance|paramedic)",
        r"\bambulance (?:\w+ ){0,2}(?:on (?:its|the) way|come|coming|here|arrive|take)",
        r"\b(?:call|ring|dial|phone|phoned|rang)\w* 999\b",
        r"\bshould i (?:call|ring|dial) 999\b",
        r"\b(?:medical )?emergency\b",
        r"\bhelp (?:me|him|her|us)? ?(?:please|quick|now|asap)\b",
    ),
}

# Signs that count only with a second sign or a word about diabetes anywhere in the clause.
_WITH_CONTEXT: tuple[tuple[EmergencyKind, WordPattern, WordPattern], ...] = (
    (
        EmergencyKind.HYPO,
        WordPattern(
            r"\b(?:confused|confusion|drowsy|dizzy|light headed|woozy|faint|spaced out|vacant|"
            r"disorientated|disoriented|groggy|not make sense|act strange|pale|clammy)\b"
        ),
        WordPattern(
            r"\b(?:sugar|glucose|bm|insulin|diabetic|diabetes|hypo|gliclazide|libre|meter|"
            r"level|reading)\b"
        ),
    ),
)

# One pattern per kind (its rules as alternatives): a dozen searches per clause, not a hundred.
_COMPILED: dict[EmergencyKind, WordPattern] = {
    kind: WordPattern("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in _RULES.items()
}

# Idioms and harmless uses, taken out of the lemma text before matching.
_IDIOMS = WordPattern(
    "|".join(
        (
            r"\bcollapse (?:\w+ )?(?:with|in|into|laugh)\w* (?:laugh|laughter|giggle|hysteric|"
            r"fit)\w*",
            r"\bcollapse (?:in|into|onto|on) (?:a |the )?(?:heap|chair|sofa|bed|settee)\b"
            r"(?=.*\b(?:tired|exhausted|knackered|long day|after|laugh)\b)",
            r"\b(?:tent|chair|table|gazebo|shelf|bridge|roof|deal|plan|scheme|business|cake|"
            r"souffle|market|wall|fence|stall|umbrella|deckchair|talk|idea|bank|boiler|ceiling|"
            r"shed|"
            r"pipe|sofa bed|everything|company|government|shop|roof|sandcastle|pastry|"
            r"bed)s? (?:\w+ ){0,3}collapse\w*",
            r"\bdie to (?:try|see|know|meet|go|hear|get|have|tell|find|read|taste|visit|show|"
            r"come|start|join|book|ask|share|learn|do)\b",
            r"\b(?:die|dye) (?:my|her|his|your|our) (?:hair|roots|beard|eyebrow|grey)\b",
            r"\bto die for\b",
            r"\b(?:bore|bored|scare|scared|worry|worried|frighten|frightened|sick|tickle|tickled|"
            r"love|freeze|freezing)\w* to death\b",
            r"\bkill (?:my|him|her)self (?:\w+ )?laugh\w*",
            r"\b(?:would|will|could|might|nearly|almost|going to) (?:\w+ )?have a fit\b",
            r"\bthrow a fit\b",
            r"\bfit (?:of|with) (?:the )?(?:giggle|laughter|cough|sneeze|pique|temper)\w*",
            r"\b(?:keep|get|stay|feel|be|look) fit\b",
            r"\bfit (?:and|as a) (?:well|healthy|fiddle|flea|strong)\b",
            r"\bfit in\w*",
            r"\bfitting (?:tribute|room|end|send off|way|carpet|kitchen|new|the)\b",
            r"\bfitting (?:a|an|the|new|some|my|his|her|our|their|me|us) (?:\w+ )?(?:carpet|"
            r"kitchen|door|window|boiler|shelf|shelves|lock|blind|curtain|bathroom|floor|light|"
            r"cupboard|shower|handrail|rail|ramp|tv|aerial|alarm|pipe|tyre|wheel|hearing aid|"
            r"stair ?lift|socket|dress|suit|unit|bed|grab)\w*",
            r"\b(?:give|nearly have|almost have|near) (?:me|him|her|you|us|them)? ?(?:a )?"
            r"heart attack\b",
            r"\bheart attack on a plate\b",
            r"\bstroke of (?:luck|genius|midnight|twelve|the pen|fortune|bad luck)\b",
            r"\bstroke (?:the|my|his|her|a) (?:cat|dog|kitten|puppy|pony|horse|donkey|hair|beard|"
            r"rabbit|head)\b",
            r"\b(?:at|on) the stroke of\b",
            r"\b(?:back|breast|front|brush|swimming|paint)\w* stroke\b",
            r"\bpass out (?:the|some|a|leaflet|form|flyer|sheet|biscuit|cake|handout|paper|"
            r"copy|sweet|ticket|card|cup|mug)\w*",
            r"\b(?:take|took) (?:my|your|his|her|our) breath away\b",
            r"\bbreathe (?:down|a sigh|easy|easier|again|in and out|deeply|slowly|fresh)\b",
            r"\bbreath of fresh air\b",
            r"(?<!not )\b(?:catch|hold|save|waste|under) (?:my|your|his|her|our)? ?breath\b",
            r"\bbreathe? (?:exercise|technique|space|room|test|class)\w*",
            r"\boverdose (?:on|of) (?:chocolate|cake|sugar|sweet|christmas|tv|telly|sun|"
            r"sunshine|mince pie|biscuit|carb|cheese|turkey|quality street|tea|coffee|culture|"
            r"sprout|cream|shopping|nostalgia)\w*",
            r"\bemergency (?:exit|contact|number|service|plan|kit|light|door|stair|procedure|card|"
            r"drill|fund|dentist|appointment|cover|repair|plumber|vet|supply|supplies|meeting|"
            r"stop|brake|tax|meal|snack|hypo kit|box)\w*",
            r"\bin (?:an|case of|case of an|the event of an?) emergency\b",
            r"\bemergency (?:number|numbers)\b",
            r"\b(?:chair|table|ladder|wifi|wi fi|signal|start|ground|connection|bridge|step|shelf|"
            r"handwriting|writing|internet|phone|line|voice|memory|spelling|knowledge|camera|"
            r"video|picture|photo|leg of|table leg|trolley)s? (?:\w+ ){0,2}(?:be |look |feel |"
            r"seem )?(?:a bit |bit |very |rather |quite |too |little )?(?:shaky|wobbly)\b",
            r"\bshaky (?:start|ground|ladder|chair|table|handwriting|footing|camera|video|wifi|"
            r"signal|connection|memory|first)\b",
            r"\bconfuse\w* (?:about|by|with|as to|over|which|what|when|where)\b",
            r"\bconfusing\b",
            r"\b(?:sweat|sweaty|sweating) (?:\w+ ){0,3}(?:walk|garden|gardening|gym|exercise|"
            r"heat|hot|weather|sun|swim|dance|cycle|dig|mow|bus|cook|kitchen|zumba)\w*",
            r"\b(?:walk|garden|gym|exercise|heat|hot|weather|sun|dance|zumba|cycling|class|"
            r"heatwave|warm|menopause|flush)\w* (?:\w+ ){0,4}(?:sweat|sweaty|sweating)\b",
            r"\bno sweat\b",
            r"\bbleed (?:heart|obvious|cold|dry|nuisance|hell|thing|weather|car|bus|computer|"
            r"phone|council|stupid|idiot)\w*",
            r"\bbleeding (?:heart|obvious)\b",
            r"\bgasp (?:for )?(?:a cup|a cuppa|a tea|a drink|a coffee)\b",
            r"\b(?:chok|choke)\w* (?:back|up) (?:tear|the tear)\w*",
            r"\b(?:nearly|almost) choke\w* on (?:my|his|her|a|the) (?:tea|coffee|drink|biscuit|"
            r"cake|word|sandwich|crumb)\w*",
            r"\b(?:no|not have a|not have any|never have a|not have one|without a|without any|"
            r"free of|zero) hypo\w*|\bhypo free\b",
            r"\bchoke (?:on|over) (?:my|his|her) (?:words|tea|coffee|biscuit)\b"
            r"(?=.*\b(?:laugh|when|heard|lol|haha|stitch)\w*)",
            r"\bchoke\w* up\b",
            r"\bdizzy (?:with|from) (?:all )?(?:these|the|those|this)\b",
            r"\b(?:dead|die) (?:tired|on my feet|bored|easy|good|funny|chuffed|right|set|keen|"
            r"lucky|quiet|slow|end)\b",
            r"\b(?:phone|battery|car|plant|tv|telly|computer|laptop|tablet|ipad|printer)\w* "
            r"(?:\w+ ){0,2}(?:die|dead|collapse|overdose|unresponsive|not respond)\w*",
            r"\b(?:not|do not|will not|never) (?:respond|answer)\w* (?:to )?(?:my|the|your|his|"
            r"her)? ?(?:text|email|message|call|letter|phone|invite|invitation|post|request|"
            r"question)\w*",
            r"\b(?:bbc|tv|telly|radio|programme)\w* (?:\w+ ){0,3}(?:stroke|heart attack)\b",
        )
    )
)

# Context that lowers a match (unless the clause is urgent or someone is in distress now).
_URGENT = WordPattern(
    r"\b(?:help|please|ambulance|paramedic|999|right now|quick|hurry|urgent|urgently|"
    r"asap|what do i do|what should i do now|what do we do|panic|panicking)\b"
)
_MEDIA = WordPattern(
    r"\b(?:talk|talked|talking|discuss|discussed|discussion|chat|chatted|speaker|leaflet|"
    r"leaflets|booklet|poster|information|info|article|programme|program|documentary|quiz|"
    r"course|training|topic|topics|subject|theme|presentation|video|film|book|reading|read|"
    r"learn|learnt|learned|learning|heard|hear|awareness|research|study|session|sessions|"
    r"campaign|charity|fundraising|fundraiser|sponsored|walk for|magazine|news|explain|explained|"
    r"newsletter|website|podcast|story|stories|episode|soap|eastenders|corrie|"
    r"coronation|emmerdale|advert|handout|workshop|lecture|class|first aid|cpr|defibrillator)\b"
)
# Talk about a subject, wherever the subject stands in the clause.
_TOPICAL = WordPattern(
    r"\b(?:talked about|talk about|talking about|talk on|discuss|discussed|discussion|speaker|"
    r"leaflet|leaflets|booklet|poster|article|programme|documentary|quiz|course|training|topic|"
    r"topics|presentation|video|film|magazine|website|podcast|workshop|lecture|first aid|cpr|"
    r"session on|session about|sessions on|explained|awareness|campaign|sponsored)\b"
)
_ABOUT_BEFORE = WordPattern(
    r"\b(?:about|on|regarding|re|of|for|into|around|covering|called|titled|explaining|"
    r"explains|describing|how to (?:spot|recognise|recognize|tell|treat|deal with|manage|"
    r"handle|help)|what to do (?:in|about|for|with|if)|like)\b(?: [\w.]+){0,4}$"
)
_INFO = WordPattern(
    r"\b(?:sign|signs|symptom|symptoms|risk|risks|chance|chances|prevent|preventing|prevention|"
    r"avoid|avoiding|reduce|reducing|lower|lowering|cause|causes|caused by|likely|recognise|"
    r"recognize|spot|spotting|what (?:is|are) (?:the|a)(?! point)|"
    r"how (?:do|would|can|could) (?:you|i|we|"
    r"one|people) (?:tell|know|spot|recognise|treat)|what (?:to do|should (?:you|i|we|one) do|"
    r"do you do|happens) (?:if|when|in)|if (?:you|someone|somebody|a person|anyone|they|ever|"
    r"i ever|he ever|she ever|i have|i get|i go|i feel|i am)|in case|whether|is it true|"
    r"does anyone know|anyone know|any tips|how common|statistics|insurance|dvla|"
    r"driving licence|travel insurance|people|diabetics|those with|person with|more likely|"
    r"gp (?:is|be) aware|doctor (?:is|be) aware|gp knows|doctor knows|always|usually|"
    r"normally|normal|common|ever|mean|means)\b"
)
_PAST = WordPattern(
    r"\b(?:in (?:19|20)\d\d|(?:19|20)\d\d|decades? ago|"
    r"years? ago|months? ago|weeks? ago|a while (?:ago|back)|long time ago|last (?:year|month|"
    r"week|christmas|summer|spring|winter|autumn|time|easter|january|february|march|april|may|"
    r"june|july|august|september|october|november|december)|since (?:his|her|my|their|the|he|"
    r"she|i|then)|back in|used to|when (?:i|he|she|we|they) (?:was|were|had|were)|"
    r"after (?:his|her|my|their) (?:stroke|heart attack|op|operation|surgery|diagnosis|fall|"
    r"seizure|hypo|bypass|stent)|recovered|recovering|recovery|survived|survivor|"
    r"history of|in the past|previous|previously|years back|once had|few years|as a child|"
    r"when i was|when he was|when she was|growing up|the other (?:day|week)|years later|"
    r"passed away|died|rip|funeral|anniversary|remember when|never again|yesterday)\b"
)
_FEAR_BEFORE = WordPattern(
    r"\b(?:scared|afraid|worried|worry|fear|frightened|nervous|anxious|terrified|paranoid|"
    r"dread|dreading|risk|chance)\b(?: (?:of|about|that|i|he|she|might|will|would|could|may|get|"
    r"have|a|an|another|be|go|into|my|his|her|the|one)){0,6}$"
)
_NAMED = re.compile(
    r"^\s*([A-Z][a-z]+)(?:'s|’s)? (?:has|is|was|just|collapsed|passed|fell|fainted|keeled|had|"
    r"went|got|can't|cannot|cant|won't|wont|isn't|seems|looks|says|said|took|swallowed|"
    r"collapsing|having|hit|banged)\b"
)
_NOT_NAMES = frozenset(
    [
        "i",
        "it",
        "its",
        "my",
        "our",
        "the",
        "this",
        "that",
        "there",
        "he",
        "she",
        "they",
        "we",
        "you",
        "help",
        "please",
        "sugar",
        "someone",
        "everyone",
        "anyone",
        "nobody",
        "everything",
        "nothing",
        "what",
        "who",
        "why",
        "how",
        "when",
        "where",
        "which",
        "feeling",
        "feel",
    ]
)
_LONG_AGO = WordPattern(
    r"\b(?:in (?:19|20)\d\d|\w+ (?:years?|decades?) ago|years? ago|long time ago|"
    r"when i was (?:young|younger|a|at|in)|as a (?:child|teenager|girl|boy)|used to|"
    r"years back|in the past|back in)\b"
)
_FEELINGS = frozenset({EmergencyKind.SUICIDAL, EmergencyKind.SELF_HARM})
_RESOLVED = WordPattern(
    r"\b(?:fine|ok|okay|alright|all right|better|good|sorted|normal|recovered|right as rain|"
    r"grand) (?:now|again)\b|\bnow (?:fine|ok|okay|better|sorted)\b|\bno harm done\b|"
    r"\b(?:was|were|felt) (?:fine|ok|okay|alright|better) (?:after|again|afterwards|then)\b|"
    r"\bpanic over\b|\bfalse alarm\b|\ball (?:fine|ok|good|sorted)\b|\bcame round quickly\b"
)
_STRONG_PRESENT = WordPattern(
    r"\b(?:i am|i feel|i keep|i have got|i can not|i just|i think i am|i think i have|i still|"
    r"i have been|can not|will not|keeps|we keep|they keep|is still|has got|is being|are being|"
    r"right now|now|"
    r"tonight|this morning|this evening|this afternoon|just now|at the moment|currently|all day|"
    r"all night|since this)\b"
)
_SELF = re.compile(r"\b(?:i|me|my|myself|mine)\b")
_OTHER = re.compile(
    rf"\b(?:he|she|him|her|his|hers|they|them|their|himself|herself|someone|somebody|"
    rf"(?:(?:my|our|the|a|his|her|their|this|one) (?:\w+ )?)?{_PERSON})\b"
)
_CLAUSES = re.compile(r"[!?;\n]+|\.(?!\d)|\bbut\b|\bhowever\b|\balthough\b", re.IGNORECASE)
_READING = re.compile(
    r"\b(?:sugar|glucose|bm|level|reading|libre|sensor|meter|number|blood|monitor|test)\b"
    r"(?: [a-z]+){0,4}? (\d+(?:\.\d+)?)\b(?! (?:week|day|month|year|time|hour|minute|pm|am|"
    r"o clock|tablet|spoon|cup|lump|teaspoon|unit|people|member|mile|stone|pound|kg|"
    r"percent|point|of|or|\d))"
)
_READING_AFTER = re.compile(r"\b(\d+(?:\.\d+)?) (?:mmol|mmols|mm|on (?:my|the|his|her) meter)")
_HIGH_SYMPTOM = WordPattern(
    r"\b(?:vomit|sick|throw up|thirsty|drowsy|confused|breathe fast|breathe heavy|tummy|"
    r"stomach|keep anything down|pee|wee|ketone|pear drop)\w*"
)
_HYPO_SYMPTOM = WordPattern(
    r"\b(?:shaky|shake|sweaty|sweat|confused|dizzy|drowsy|pale|clammy|faint|hungry|tremble|"
    r"wobbly|not make sense|low|drop|fall|crash|help|ambulance)\w*"
)


def _reading_kind(lemmas: str) -> EmergencyKind | None:
    values: list[float] = []
    for found in (_READING.finditer(lemmas), _READING_AFTER.finditer(lemmas)):
        for match in found:
            try:
                values.append(float(match.group(1)))
            except ValueError:  # pragma: no cover - the pattern only captures numbers
                continue
    for value in values:
        if 0.5 <= value < 4.0 or (20 <= value < 70 and "mg" in lemmas):
            return EmergencyKind.HYPO
        if 4.0 <= value < 4.5 and _HYPO_SYMPTOM.search(lemmas):
            return EmergencyKind.HYPO
        if 28 <= value <= 40 or (20 <= value <= 40 and _HIGH_SYMPTOM.search(lemmas)):
            return EmergencyKind.HIGH_SUGAR
    return None


_EXPLAINED_BY_SUGAR = frozenset(
    {
        EmergencyKind.STROKE,
        EmergencyKind.COLLAPSE,
        EmergencyKind.SEIZURE,
        EmergencyKind.HYPO,
        EmergencyKind.HIGH_SUGAR,
        EmergencyKind.BREATHING,
    }
)


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: EmergencyKind
    start: int
    end: int


def _hits(
    lemmas: str, surface: str, extra: tuple[str, ...], kinds: Iterable[EmergencyKind] = PRIORITY
) -> list[_Hit]:
    hits: list[_Hit] = []
    for kind in kinds:
        match = _COMPILED[kind].search(lemmas)
        if match is not None:
            hits.append(_Hit(kind, match.start(), match.end()))
    for kind, sign, context in _WITH_CONTEXT:
        match = sign.search(lemmas)
        if match is not None and context.search(lemmas):
            hits.append(_Hit(kind, match.start(), match.end()))
    reading = _reading_kind(lemmas)
    if reading is not None:
        # A measured sugar explains confusion, drowsiness or a collapse better than the rest.
        hits = [h for h in hits if h.kind not in _EXPLAINED_BY_SUGAR]
        hits.append(_Hit(reading, 0, len(lemmas)))
    for phrase in extra:
        at = re.search(rf"\b{re.escape(phrase)}\b", surface)
        if at is None:
            at = re.search(rf"\b{re.escape(phrase)}\b", lemmas)
        if at is not None:
            hits.append(_Hit(EmergencyKind.OTHER, at.start(), at.end()))
    return hits


@dataclass(frozen=True, slots=True)
class _Context:
    """What a clause says about when and why it mentions an emergency (computed once)."""

    urgent: bool
    resolved: bool
    media: bool
    strong_present: bool
    past: bool
    long_ago: bool
    topical_or_info: bool


def _context(surface: str, whole: str) -> _Context:
    return _Context(
        urgent=_URGENT.search(surface) is not None,
        resolved=_RESOLVED.search(whole) is not None,
        media=_MEDIA.search(surface) is not None,
        strong_present=_STRONG_PRESENT.search(surface) is not None,
        past=_PAST.search(surface) is not None,
        long_ago=_LONG_AGO.search(surface) is not None,
        topical_or_info=_TOPICAL.search(surface) is not None or _INFO.search(surface) is not None,
    )


def _alarming(lemmas: str, context: _Context, hit: _Hit) -> bool:  # noqa: PLR0911
    """Whether the context leaves a match standing. When unsure: yes."""
    if context.urgent:
        return True
    if context.resolved:
        return False
    before = lemmas[: hit.start].rstrip()
    if context.media and _ABOUT_BEFORE.search(before):
        return False  # "a leaflet on hypos", "we talked about chest pain"
    if _FEAR_BEFORE.search(before):
        return False  # "I'm scared of having a hypo while driving"
    if context.strong_present:
        return True  # someone in distress now: no context lowers it
    if hit.kind in _FEELINGS:
        # Grief is not the past: "no point carrying on since Jean died" is now.
        return not (context.long_ago or context.topical_or_info)
    if context.past:
        return False  # "since his heart attack in 2019"
    return not context.topical_or_info


def _about_self(lemmas: str, hit: _Hit, named: bool = False) -> bool:
    """First person ("I", "me", "my sugar") or someone else ("my husband", "she", "her face")."""
    refs: list[tuple[int, bool]] = []
    others = list(_OTHER.finditer(lemmas))
    refs.extend((m.start(), False) for m in others)
    for m in _SELF.finditer(lemmas):
        if not any(o.start() <= m.start() < o.end() for o in others):
            refs.append((m.start(), True))
    refs.sort()
    if any(not is_self for at, is_self in refs if hit.start <= at < hit.end):
        return False  # "I can't wake him"
    if named:
        refs.insert(0, (0, False))  # "Jean has just collapsed"
    before = [is_self for at, is_self in refs if at < hit.start]
    if before:
        return before[-1]
    inside = [is_self for at, is_self in refs if hit.start <= at < hit.end]
    if inside:
        return inside[0]
    after = [is_self for at, is_self in refs if at >= hit.end]
    return after[0] if after else True


@lru_cache(maxsize=64)
def _extra(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(normalise(p).text for p in phrases if p.strip() and normalise(p).text)
    )


def _clauses(text: str) -> list[tuple[Normalised, bool]]:
    """The clauses of a message, each with whether it opens with someone's name ("Jean has")."""
    clauses: list[tuple[Normalised, bool]] = []
    for part in _CLAUSES.split(text):
        if not part or not part.strip():
            continue
        named = _NAMED.match(part)
        clauses.append(
            (normalise(part), named is not None and named.group(1).lower() not in _NOT_NAMES)
        )
    return clauses


def assess(text: str, extra_phrases: Iterable[str] = ()) -> Emergency | None:
    """The emergency a message sounds like, or None. Extra phrases add to the built-in rules."""
    if not text or not text.strip():
        return None
    extra = _extra(tuple(extra_phrases))
    return _assess(text[:4000], extra)


@lru_cache(maxsize=2048)
def _assess(text: str, extra: tuple[str, ...]) -> Emergency | None:
    found: list[tuple[int, Emergency]] = []
    whole = ""
    for clause, named in _clauses(text):
        surface = clause.text
        lemmas = clause.lemma_text
        hits = _hits(lemmas, surface, extra)
        if not hits:
            continue
        plain = _IDIOMS.sub(" ~ ", lemmas)
        if plain != lemmas:  # an idiom was taken out: look again, for the kinds found before
            lemmas = plain
            hits = _hits(
                lemmas, surface, extra, [k for k in PRIORITY if any(h.kind is k for h in hits)]
            )
        whole = whole or normalise(text).text
        context = _context(surface, whole)
        for hit in hits:
            if _alarming(lemmas, context, hit):
                about_self = _about_self(lemmas, hit, named)
                found.append((PRIORITY.index(hit.kind), Emergency(hit.kind, about_self)))
    if not found:
        return None
    return min(found, key=lambda pair: pair[0])[1]


def mentions_emergency(text: str, phrases: Iterable[str] = ()) -> bool:
    """Whether `text` sounds like an emergency (kept for callers of the old phrase check)."""
    return assess(text, phrases) is not None
