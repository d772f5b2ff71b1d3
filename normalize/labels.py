"""The label model: which printed labels name which canonical field.

The labels are data (``labels.toml`` beside this module, documented there); a user adds
the labels of a new template in a file of the same shape and points selfeval at it with
``--labels FILE`` or the ``SELFEVAL_LABELS`` environment variable (several files
separated by ``os.pathsep``). The variable is what carries the choice into the worker
processes of a corpus build.

Labels are compared as *keys*: squashed, traditional characters read as simplified,
annotations dropped (:func:`label_key`).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import get_args

from opencc import OpenCC
from selfeval.extract.errors import SelfevalError
from selfeval.normalize.records import FundKind
from selfeval.normalize.text import squash

LABELS_FILE = Path(__file__).with_name("labels.toml")
LABELS_ENV = "SELFEVAL_LABELS"

#: Field name of a part rule for a column the record has no place for.
NO_FIELD = "none"

Table = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class PartRule:
    """A label that names ``field`` when it holds one of ``words``."""

    field: str
    words: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LabelModel:
    """Every label table, and the part rules for labels no table lists (compared and
    hashed by identity: one model is built per set of label files)."""

    indicator_columns: Table
    funds_columns: Table
    header_fields: Table
    row_labels: Table
    indicator_parts: tuple[PartRule, ...]
    funds_parts: tuple[PartRule, ...]
    #: Funds labels' words → the row's ``kind`` (``其中：财政拨款`` → ``fiscal``).
    fund_row_parts: tuple[PartRule, ...]
    #: Goal header labels' words → ``goal_expected`` / ``goal_actual``.
    goal_parts: tuple[PartRule, ...]


class LabelFileError(SelfevalError):
    """A labels file that cannot be read or does not have the documented shape."""


_TABLES = ("indicator_columns", "funds_columns", "header_fields", "row_labels")
#: The [parts] section: its lists, and the model field each one fills.
_PART_LISTS = {"indicator_columns": "indicator_parts", "funds_columns": "funds_parts",
               "fund_rows": "fund_row_parts", "goal_columns": "goal_parts"}
#: The fields a ``fund_rows`` rule may give: a kind the words name (``unknown`` is what
#: a row printing amounts under none of the words is), or ``none`` for a heading.
_FUND_KINDS = (frozenset(get_args(FundKind)) - {"unknown"}) | {NO_FIELD}


def _table(raw: object, path: Path, where: str) -> Table:
    if not isinstance(raw, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in raw.values()
    ):
        raise LabelFileError(str(path), f"[{where}] must map each field to a list of labels")
    return {str(k): tuple(v) for k, v in raw.items()}


def _parts(raw: object, path: Path) -> dict[str, tuple[PartRule, ...]]:
    """The [parts] section as model fields (``indicator_parts``, ``funds_parts``)."""
    if not isinstance(raw, dict) or set(raw) - set(_PART_LISTS):
        raise LabelFileError(str(path), f"[parts] holds only {', '.join(_PART_LISTS)}")
    out = {}
    for name, rules in raw.items():
        if not isinstance(rules, list) or not all(
            isinstance(r, dict) and isinstance(r.get("field"), str)
            and isinstance(r.get("any"), list) for r in rules
        ):
            raise LabelFileError(str(path), f"[parts] {name} must be a list of "
                                            "{ field = …, any = [words] }")
        unknown = {r["field"] for r in rules} - _FUND_KINDS if name == "fund_rows" else set()
        if unknown:
            raise LabelFileError(str(path), f"[parts] fund_rows: {sorted(unknown)[0]!r} is "
                                            f"not a kind ({', '.join(sorted(_FUND_KINDS))})")
        out[_PART_LISTS[name]] = tuple(PartRule(r["field"], tuple(r["any"])) for r in rules)
    return out


#: A labels file is a page or two of text; anything bigger is not one.
MAX_LABELS_FILE_BYTES = 1 << 20


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_LABELS_FILE_BYTES + 1)
        if len(raw) > MAX_LABELS_FILE_BYTES:
            raise LabelFileError(str(path), "too big for a labels file (over 1 MB)")
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LabelFileError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise LabelFileError(str(path), f"cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LabelFileError(str(path), f"not a valid TOML labels file ({exc})") from None
    unknown = set(data) - set(_TABLES) - {"parts"}
    if unknown:
        raise LabelFileError(str(path), f"unknown section [{sorted(unknown)[0]}]")
    return data


def _merge(base: LabelModel, path: Path) -> LabelModel:
    """``base`` with the labels of ``path`` added: a user's labels come first (they win
    a tie), and a user's part rules are tried first."""
    data = _read(path)
    changes: dict[str, object] = {}
    for name in _TABLES:
        table = dict(getattr(base, name))
        for field, words in _table(data.get(name, {}), path, name).items():
            table[field] = words + table.get(field, ())
        changes[name] = table
    for name, rules in _parts(data.get("parts", {}), path).items():
        changes[name] = rules + getattr(base, name)
    return replace(base, **changes)  # type: ignore[arg-type]


def _builtin() -> LabelModel:
    data = _read(LABELS_FILE)
    tables = {name: _table(data[name], LABELS_FILE, name) for name in _TABLES}
    return LabelModel(**tables, **_parts(data["parts"], LABELS_FILE))  # type: ignore[arg-type]


def extra_label_files() -> tuple[Path, ...]:
    """The user's label files named by ``SELFEVAL_LABELS``."""
    value = os.environ.get(LABELS_ENV, "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p)


def labels() -> LabelModel:
    """The label model in force: the built-in labels plus the user's files."""
    return _model(extra_label_files())


@lru_cache(maxsize=4)
def _model(extra: tuple[Path, ...]) -> LabelModel:
    model = _builtin()
    for path in extra:
        model = _merge(model, path)
    return model


# --- keys -------------------------------------------------------------------------------

_NOISE = re.compile(r"[*＊:：]")

#: An annotation printed after a label in brackets: letters naming the column
#: (``(A)``, ``(B/A)``), a unit (``(%)``, ``(万元)``), points or a formula (``(20分)``,
#: ``(20分*执行率)``, ``(全年执行数/全年预算数)``), ``(文字描述)``, or what the column
#: includes (``(含历年结余结转)``: its words name no column of their own). A bracket left
#: open at the end (``年度预算申请(万元``) is one too. Brackets holding other words
#: (``单位(盖章)``) stay: they are part of the label.
_ANNOTATION = re.compile(
    r"\((?:[A-Za-z0-9/%*×.+\-\s]*|含[^()]*|[^()]*(?:分|元|执行|描述)[^()]*)(?:\)|$)"
)


@lru_cache(maxsize=1)
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters (a Hong Kong or Taiwan style form: 績效自評表)."""
    return _to_simplified().convert(text)


@lru_cache(maxsize=8192)
def label_key(text: str | None) -> str:
    """The key a label is compared by: ``* 執行率（B/A）：`` → ``执行率``."""
    key = _NOISE.sub("", squash(text))
    if not key or len(key) > 40:
        return key
    key = simplified(key)
    stripped = _ANNOTATION.sub("", key)
    return stripped or key


def part_field(key: str, rules: tuple[PartRule, ...]) -> str | None:
    """The field the words of ``key`` name under ``rules`` (first rule that matches)."""
    return next((r.field for r in rules if any(w in key for w in r.words)), None)
