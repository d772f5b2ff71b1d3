"""The rule registry: every check is a small function registered under its stable id.

A rule function takes the report and the profile and yields :class:`Finding` objects;
the registry turns them into :class:`~selfeval.normalize.records.Flag` records carrying the
rule id, its severity and the profile the rule's parameters came from.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from selfeval.normalize.records import Flag, Report, Severity, Where, to_json_number
from selfeval.scoring.evidence import Input, cite
from selfeval.scoring.profile import Profile
from selfeval.scoring.unread import Doubtful, doubtful_cells


@dataclass(frozen=True)
class Finding:
    """What one rule found at one place (the registry adds rule, severity, profile)."""

    message: str
    expected: Any
    reported: Any
    where: Where
    #: The printed values the finding rests on, the reported one first: the flag cites
    #: their cells, and a finding that rests on a number the recogniser was unsure of is
    #: not made (:mod:`.unread`).
    inputs: tuple[Input, ...] = ()


@dataclass(frozen=True)
class NotChecked:
    """A check a rule could not make because an input it needs was not read: reported as
    a ``not_checked`` info flag naming the rule and the missing input, never as an error."""

    reason: str
    where: Where
    #: The values the check looked at (the flag cites their cells).
    inputs: tuple[Input, ...] = ()


#: The flag a rule's :class:`NotChecked` becomes (docs/scoring.md).
NOT_CHECKED = "not_checked"

def _unless_unsure(report: Report, found: Finding, doubtful: Doubtful) -> Finding | NotChecked:
    """``found``, or not checked when it rests on a value read from a cell the recogniser
    read below its confidence threshold."""
    unsure = next((hit for i in found.inputs if (hit := doubtful.under(report, i))), None)
    if unsure is None:
        return found
    value, text = unsure
    return NotChecked(f"it rests on {to_json_number(value)}, which OCR read below its "
                      f"confidence threshold (cell “{text}”)", found.where, found.inputs)


#: What a rule yields for each place it looked at and found wanting.
Outcome = Finding | NotChecked

Check = Callable[[Report, Profile], Iterable[Outcome]]


@dataclass(frozen=True)
class Rule:
    """A registered check: stable id, severity, the profile parameters it reads."""

    id: str
    severity: Severity
    check: Check
    uses: tuple[str, ...]

    @property
    def text(self) -> str:
        """The rule text (the check's docstring), as documented in docs/scoring.md."""
        return inspect.getdoc(self.check) or ""

    def run(self, report: Report, profile: Profile) -> Iterator[Flag]:
        label = profile.label(self.uses)
        applied = profile.applied(self.uses)
        doubtful = doubtful_cells(report)
        for found in self.check(report, profile):
            if isinstance(found, Finding):
                found = _unless_unsure(report, found, doubtful)
            cells = cite(report, found.inputs)
            if isinstance(found, NotChecked):
                yield Flag(NOT_CHECKED, "info", f"{self.id} not checked: {found.reason}",
                           None, None, found.where, label, cells)
            else:
                yield Flag(self.id, self.severity, found.message + applied, found.expected,
                           found.reported, found.where, label, cells)


#: Rule id → rule, in the order the rules run (and their flags are listed).
RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, uses: tuple[str, ...] = ()) -> Callable[[Check], Check]:
    """Register the decorated check under ``rule_id``."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, check, uses)
        return check

    return register
