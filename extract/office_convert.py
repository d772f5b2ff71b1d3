"""Convert a legacy Office file with LibreOffice headless, in a child process, safely.

The file is copied into a fresh temporary folder under a plain name (no name of the
user's reaches the command line) and converted there with a private LibreOffice
profile in the same folder, so the user's profile is never touched and two
conversions never share one. The converter runs in its own session under
:data:`selfeval.extract.limits.CONVERT_TIMEOUT_S`; its whole process group is killed
past it, and the kernel kills it if the process that started it dies first. It
inherits the address-space limit of the document's worker. The converted file is
read and the folder deleted before the caller gets the result.

``SELFEVAL_SOFFICE`` names the converter where it is not ``soffice`` on the PATH.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from selfeval.extract import limits
from selfeval.extract.errors import DamagedFile, LimitExceeded, UnsupportedFormat

T = TypeVar("T")

#: What to install where the converter is missing (Debian/Ubuntu package names).
INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"

#: Linux's prctl option asking the kernel to signal a child when its parent dies.
_PR_SET_PDEATHSIG = 1


def converter() -> str | None:
    """The LibreOffice command to run, or None where there is none."""
    named = os.environ.get("SELFEVAL_SOFFICE")
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def check_converter(path: str, what: str) -> str:
    """Return the converter's command, or refuse ``path`` (``what`` it is) in one line
    saying that LibreOffice is needed and how to install it."""
    command = converter()
    if command is None:
        raise UnsupportedFormat(path, f"{what}: reading it needs LibreOffice (soffice), which "
                                f"is not installed ({INSTALL_HINT})")
    return command


def _die_with_parent() -> None:
    """In the child before exec: be killed if the worker that started it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the timeout still bounds the conversion


def converted(path: str, what: str, suffix: str, target: str,
              read: Callable[[str], T]) -> T:
    """Convert ``path`` (``what`` it is, named with ``suffix``) to ``target`` (``docx``,
    ``xlsx``) and return ``read`` of the converted file."""
    command = check_converter(path, what)
    with tempfile.TemporaryDirectory(prefix="selfeval-convert-") as tmp:
        source = Path(tmp) / f"document{suffix}"
        shutil.copyfile(path, source)
        out = Path(tmp) / "out"
        args = [command, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                "--convert-to", target, "--outdir", str(out), str(source)]
        _run(path, args)
        result = out / f"document.{target}"
        if not result.is_file():
            raise DamagedFile(path, f"{what} that LibreOffice could not convert")
        return read(str(result))


def _run(path: str, args: list[str]) -> None:
    timeout = limits.CONVERT_TIMEOUT_S
    process = subprocess.Popen(  # noqa: S603 - a fixed command on a copied file
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, preexec_fn=_die_with_parent)  # noqa: PLW1509
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise LimitExceeded(path, f"the converter (LibreOffice) did not finish in {timeout:g} s "
                            "(the conversion time limit)") from exc
    finally:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what the converter left running in its session (a hung one, or helpers)."""
    with contextlib.suppress(ProcessLookupError):  # the session ended with the converter
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
