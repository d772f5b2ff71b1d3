"""The ``selfeval`` command as a real process (its real stderr, its children's included)."""

from __future__ import annotations

import sys


def selfeval_cmd(*args: str) -> list[str]:
    """The argv running ``selfeval ARGS…``; run it from a folder other than the repository,
    where the stage folders would import under their bare names."""
    return [sys.executable, "-c", "from selfeval.corpus.cli import main; main()", *args]
