"""`python -m bot run | demo | admin …`: the one entry point."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.admin.commands import admin
from bot.config import SettingsError, settings_or_exit
from bot.content import ContentError
from bot.content.admin import startup_refused
from bot.logs import setup_logging

cli = typer.Typer(
    help="Peer Circle: a Telegram bot for diabetes peer support groups.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@cli.command()
def run() -> None:
    """Run the bot with the token from .env (polling, or a webhook if WEBHOOK_URL is set)."""
    settings = settings_or_exit()
    setup_logging(settings.log_level)
    from bot.app import build_application

    try:
        app = build_application(settings)
    except SettingsError as exc:
        typer.echo(f"Configuration problem: {exc}", err=True)
        raise typer.Exit(2) from None
    if settings.webhook_url:
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            webhook_url=settings.webhook_url,
            secret_token=(
                settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
            ),
            allowed_updates=["message", "callback_query"],
        )
    else:
        app.run_polling(allowed_updates=["message", "callback_query"])


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
