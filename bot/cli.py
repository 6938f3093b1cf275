"""`python -m bot run | demo | admin …`: the one entry point."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.admin.commands import admin
from bot.config import SettingsError, choose_env_file, settings_or_exit
from bot.content import ContentError
from bot.content.admin import startup_refused
from bot.logs import setup_logging

cli = typer.Typer(
    help="Peer Circle: a Telegram bot for diabetes peer support groups.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@cli.callback()
def options(
    env_file: Annotated[
        Path | None,
        typer.Option(
            "--env-file",
            help="Read settings from this .env; its folder is the programme's home "
            "(default: $PEER_CIRCLE_HOME, else the current folder).",
        ),
    ] = None,
) -> None:
    """Peer Circle: a Telegram bot for diabetes peer support groups."""
    choose_env_file(env_file)


@cli.command()
def run() -> None:
    """Run the bot with the token from .env (polling, or a webhook if WEBHOOK_URL is set)."""
    settings = settings_or_exit()
    try:
        settings.require_token()
    except SettingsError as exc:
        typer.echo(f"Configuration problem: {exc}", err=True)
        raise typer.Exit(2) from None
    setup_logging(settings.log_level)
    from bot.startup import run_bot

    raise typer.Exit(run_bot(settings))


@cli.command()
def demo(
    script: Annotated[
        Path | None, typer.Option(help="Run the commands in this file instead of asking.")
    ] = None,
    echo: Annotated[bool, typer.Option(help="With --script, show each command too.")] = True,
) -> None:
    """Try Peer Circle in the terminal: a local Telegram, a demo group, and you as any member."""
    from bot.demo import run_demo

    sys.exit(run_demo(script=script, echo=echo))


cli.add_typer(admin, name="admin")


def main() -> None:
    try:
        cli()
    except ContentError as error:  # from start_services (run, demo): say what to fix, no traceback
        typer.echo(startup_refused(error), err=True)
        sys.exit(2)
