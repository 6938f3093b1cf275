"""Texts of the research export that a person can see (in their /mydata file)."""

from __future__ import annotations

MYDATA_NOTE = (
    "Research exports never include your name or Telegram id. When you use /forget, your name "
    "is also taken out of what facilitators wrote in their check-ins."
)
