"""Concerns for the nurse: raising them, office hours, routing, and the nurse's side."""
