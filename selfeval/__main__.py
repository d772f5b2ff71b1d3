"""``python -m selfeval`` runs the ``selfeval`` command."""

from selfeval.corpus.entry import main

main()
