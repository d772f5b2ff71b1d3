"""The ``--labels FILE`` option: the labels of templates selfeval does not know yet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from selfeval.corpus.cli.errors import EXIT_BAD_INPUT, report_failure
from selfeval.normalize.labels import LABELS_ENV, LabelFileError, extra_label_files, labels


def use_label_files(paths: tuple[str, ...]) -> None:
    """Put ``paths`` in force and check every labels file in force; a file that cannot
    be used stops the command with one line naming it.

    The files go into ``SELFEVAL_LABELS`` as absolute paths, ahead of those already
    there, because that variable is what the guarded children and the local workers of
    a corpus build read (a Dask worker on another machine needs it set there).
    """
    if paths:
        given = [str(Path(p).resolve()) for p in paths]
        os.environ[LABELS_ENV] = os.pathsep.join(
            given + [str(p) for p in extra_label_files()])
    try:
        labels()
    except LabelFileError as exc:
        report_failure(exc.path, exc)
        sys.exit(EXIT_BAD_INPUT)
