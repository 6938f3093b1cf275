"""Understanding what people type: the safety check first, then what they want.

`normalise` turns a message into plain words (spelling, contractions, word forms) once, for both
steps. `safety.assess` spots emergencies in people's own words; `intents.understand` decides what
a typed message asks for, per role; `texts` holds the words of the answers; `choices` the
"did you mean…?" buttons. Everything here is pure and offline: no Telegram, no database, no
network — health messages stay on the machine.
"""
