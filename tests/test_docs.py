"""The README is kept true by tests: every command is documented, and its first lines
are the two commands that work on a fresh machine."""

from __future__ import annotations

import re

import click
import pytest
from selfeval.corpus.cli import main

from tests.data_paths import DOCS_DIR, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The pages a user reads: the README and every page under docs/.
PAGES = [ROOT / "README.md", *sorted(DOCS_DIR.glob("*.md"))]


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = _commands(main, "selfeval")
    names = {n for n, _ in commands}
    assert {"selfeval extract", "selfeval audit", "selfeval corpus build"} <= names
    for name, command in commands:
        assert (command.help or "").strip(), f"{name} has no help text"
        words = name.split()
        documented = name in README or (
            len(words) == 3 and f"selfeval {words[1]} " in README and words[2] in README
        )
        assert documented, f"{name} is not in README.md"


def test_readme_opens_with_the_two_commands() -> None:
    first = [line.strip() for line in README.splitlines()[:6] if line.strip()]
    assert first[1].startswith("make corpus") and first[2].startswith("make test")


def test_ci_runs_the_readme_test_command_in_a_fresh_clone() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "git clone" in ci and "mktemp -d" in ci


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_link_only_to_files_in_the_repository(page) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
