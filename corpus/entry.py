"""The ``selfeval`` command's entry point: on ``selfeval extract``, the child that reads
the document is forked before anything else is imported (:mod:`selfeval.corpus.read_stage`),
so that it imports the readers while this process imports click and the normaliser.

The command line is parsed by click afterwards, as ever; the early child is only a head
start: when the word ``extract`` on the command line was not the command (a file named
so), the child is never given a document and exits with this process.
"""

from __future__ import annotations

import sys

from selfeval.corpus.read_stage import start_early


def main() -> None:
    """Run the ``selfeval`` command."""
    if "extract" in sys.argv[1:]:
        start_early()
    from selfeval.corpus.cli import main as command  # after the fork: see above

    command()
