"""A command group that imports a subcommand's module only when that command runs.

``selfeval extract FILE`` then pays for the reader pipeline it uses, not for the corpus
database layer or the audit renderer (``python -X importtime``: the pipeline itself,
extract + normalize + scoring, is some 110 ms of the 150 ms the command imports).
``selfeval --help`` imports every command to list it.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A :class:`click.Group` whose commands are named ``"module:attribute"`` and loaded
    on first use."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)
