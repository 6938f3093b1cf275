"""Meetings: planning a series, reminders, answers and headcounts, calendar files and slips."""
