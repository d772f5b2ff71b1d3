"""The ``selfeval`` command: a thin layer over the library. Each command lives in its
own module, imported when that command runs (:mod:`.lazy_group`); this one only builds
the group."""

from __future__ import annotations

import click
from selfeval.corpus.cli.label_files import use_label_files
from selfeval.corpus.cli.lazy_group import LazyGroup
from selfeval.corpus.cli.logs import route_logs
from selfeval.corpus.cli.quick_exit import skip_heap_teardown

#: Each command's name → where it is defined.
COMMANDS = {
    "extract": "selfeval.corpus.cli.extract_cmd:extract_cmd",
    "corpus": "selfeval.corpus.cli.corpus_cmd:corpus_cmd",
    "audit": "selfeval.corpus.cli.audit_cmd:audit_cmd",
}


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(package_name="selfeval")
@click.option("--labels", "label_files", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False),
              help="A labels file (TOML, the shape of normalize/labels.toml) with the "
                   "labels of another template; repeat for several [also: "
                   "$SELFEVAL_LABELS, separated by the path separator].")
def main(label_files: tuple[str, ...]) -> None:
    """Extract, normalise and re-check budget-performance self-evaluation forms."""
    skip_heap_teardown()
    route_logs()
    use_label_files(label_files)
