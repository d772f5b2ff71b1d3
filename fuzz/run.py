"""Run one fuzz target under atheris for a bounded time: ``python -m fuzz.run TARGET``.

The working corpus (seeded from the good fixtures) lives in ``out/fuzz/TARGET``; an
input that crashes, hangs or exhausts memory is written to ``fuzz/findings/TARGET/``,
where tests/test_hostile_fuzz.py replays it on every test run: commit it with the fix.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import atheris

from tests.data_paths import DOCS, ROOT
from tests.data_paths import FUZZ_FINDINGS as FINDINGS

WORK = ROOT / "out" / "fuzz"

#: Seconds one input may take before libFuzzer reports it as a hang. The slowest seed
#: (a fixture's whole document.xml through the DOCX reader) takes ~40 ms.
INPUT_TIMEOUT_S = 10
#: Memory libFuzzer lets the process reach before it reports the input (MB).
RSS_LIMIT_MB = 4096


def _seed(target: str, corpus: Path) -> None:
    from fuzz.targets import seeds

    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for data in seeds(target, DOCS):
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target")
    parser.add_argument("--seconds", type=int, default=60)
    args, rest = parser.parse_known_args()

    stages = ["selfeval.extract", "selfeval.normalize", "selfeval.scoring"]
    with atheris.instrument_imports(include=stages):
        import selfeval.extract.docx_reader  # noqa: F401 - imported here to be instrumented
        import selfeval.extract.safety  # noqa: F401
        import selfeval.normalize.document  # noqa: F401
        import selfeval.scoring  # noqa: F401
    from fuzz.targets import TARGETS

    if args.target not in TARGETS:
        sys.exit(f"unknown target {args.target!r}; targets: {', '.join(TARGETS)}")
    corpus = WORK / args.target
    findings = FINDINGS / args.target
    findings.mkdir(parents=True, exist_ok=True)
    _seed(args.target, corpus)
    atheris.Setup(
        [sys.argv[0], str(corpus), f"-max_total_time={args.seconds}",
         f"-artifact_prefix={findings}/", f"-timeout={INPUT_TIMEOUT_S}",
         f"-rss_limit_mb={RSS_LIMIT_MB}", *rest],
        TARGETS[args.target],
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
