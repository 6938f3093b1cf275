"""A local stand-in for Telegram: the Bot API over HTTP on 127.0.0.1 plus simulated users."""

from bot.devserver.faults import Fault, FaultWindow
from bot.devserver.http import LocalBotApiServer
from bot.devserver.telegram import (
    ApiCall,
    BotMessage,
    FakeTelegram,
    Limits,
    SentFile,
    SimUser,
    UploadedFile,
)

__all__ = [
    "ApiCall",
    "BotMessage",
    "FakeTelegram",
    "Fault",
    "FaultWindow",
    "Limits",
    "LocalBotApiServer",
    "SentFile",
    "SimUser",
    "UploadedFile",
]
