"""Texts of the research export that a person can see (in their /mydata file)."""

from __future__ import annotations

MYDATA_NOTE = (
    "What goes to the researchers never has your name on it. If you ask Peer Circle to forget "
    "you, your name is also taken out of what facilitators wrote about meetings."
)
