"""Fixtures of the concerns tests."""

from tests.concerns.steps import unthrottled  # noqa: F401 - a fixture, found here by pytest
