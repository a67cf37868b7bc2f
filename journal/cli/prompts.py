"""Interactive `journal add`: a question per field on a terminal."""

from __future__ import annotations

import sys

import typer


def on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_person(ctx: typer.Context, typed: dict) -> dict:
    raise NotImplementedError
