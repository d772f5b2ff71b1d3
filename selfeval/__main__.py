"""``python -m selfeval`` runs the ``selfeval`` command."""

from selfeval.corpus.cli import main

main()
