"""Scale-out: send the same per-document task to a Dask distributed cluster.

Each document is one Dask task running :func:`corpus.workers.run_one`, so a worker
isolates it in a child process under the same time and memory limits as a local run.
Only outcomes come back; the driver alone writes the database. Workers open the files
by the paths the driver sends, so the corpus folder must be at the same path on every
worker (one machine, or a shared filesystem).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from corpus.workers import Limits, Outcome, Task, run_one

#: Seconds to wait for the scheduler to answer before giving up with a clear error.
CONNECT_TIMEOUT_S = 30


def run_on_dask(
    address: str, paths: Sequence[str], task: Task, limits: Limits
) -> Iterator[Outcome]:
    """Run ``task`` on every path on the cluster at ``address``; yield outcomes as they end."""
    from distributed import Client, as_completed

    with Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False) as client:
        futures = {
            client.submit(run_one, path, task, limits, pure=False): path for path in paths
        }
        for future in as_completed(futures):
            path = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails one document
                yield Outcome(path, None, f"failed on the cluster ({type(exc).__name__}: {exc})",
                              0.0)
            finally:
                future.release()
