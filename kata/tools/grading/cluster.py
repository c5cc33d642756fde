"""Grading a class on a Dask cluster (``kata grade --class FOLDER --dask tls://HOST:8786``).

Tools side. ``dask.distributed`` (the optional extra ``dnn-kata[cluster]``)
carries each submission's snapshot, plain bytes, to a worker, where
``grade_on_worker`` grades it exactly as a local run does
(``submissions.grade_snapshot``, hence ``grade_submission``) and sends back the
same report: the gradebook is the same as a local run's.

Every worker needs this kata installed, the same version (the same tests,
judge and libraries: their fingerprint is compared before anything is sent,
and again with every result), and MNIST (``MNIST_NPZ`` in the worker's
environment, or Keras's cache). Start one worker thread per submission at
a time: ``dask worker tls://HOST:8786 --nthreads 1 --nworkers N`` with the
cluster's certificates (``cluster_security``: TLS, or plain TCP on the loopback).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Dict, Iterator, List, Optional, Sequence

from kata.tools.common import UsageError
from kata.tools.grading import submissions, suite
from kata.tools.grading.cluster_security import Tls, security

CONNECT_SECONDS = 20
WORKER_WAIT_SECONDS = 60


def connect(address: str, names: Sequence[str], tls: Optional[Tls] = None):
    """A client of the scheduler at ``address`` (already checked by
    ``cluster_security.checked_address``; ``tls``: its certificates), once at least one
    worker is there and every worker grades with the same tests as this checkout."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'dnn-kata[cluster]'") from None
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", security=security(tls))
    except (OSError, TimeoutError, asyncio.TimeoutError, ValueError, TypeError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {address} ({error})") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except (TimeoutError, asyncio.TimeoutError):
        client.close()
        raise UsageError(f"no Dask worker joined the scheduler at {address} within "
                         f"{WORKER_WAIT_SECONDS} s; start some with `dask worker {address} "
                         f"--nthreads 1`" + (" and the cluster's --tls-ca-file, --tls-cert and "
                                             "--tls-key" if tls else "")) from None
    mine = suite.fingerprint(names)
    theirs: Dict[str, str] = client.run(suite.fingerprint, list(names))
    different = sorted(worker for worker, value in theirs.items() if value != mine)
    if different:
        client.close()
        raise UsageError(f"the Dask worker{'s' if len(different) > 1 else ''} {', '.join(different)} "
                         f"grade{'' if len(different) > 1 else 's'} with other tests or libraries than "
                         f"this checkout; install the same kata (and versions) on every worker")
    return client


def thread_count(client) -> int:
    return max(1, sum(client.nthreads().values()))


def grade_on_worker(snapshot: submissions.Snapshot, label: str, timeout: Optional[float],
                    names: List[str]) -> tuple:
    """Runs on a worker: the report, the worker's address and its fingerprint."""
    from distributed import get_worker

    report = submissions.grade_snapshot(snapshot, label, timeout, names)
    return report, get_worker().address, suite.fingerprint(names)


def run(client, jobs, timeout: Optional[float], names: List[str]) -> Iterator[tuple]:
    """Send every job to the cluster; yield ("start" | "done" | "tick", job, report, where).

    Dask does not say when a task starts: a job counts as running from the moment a
    worker thread is free for it, in the order the jobs were sent."""
    from distributed import wait

    mine = suite.fingerprint(names)
    batch = uuid.uuid4().hex[:8]
    futures = {client.submit(grade_on_worker, job.snapshot, job.label, timeout, names, pure=False,
                             key=f"kata-grade-{batch}-{index}"): job
               for index, job in enumerate(jobs)}
    waiting = list(futures)
    threads = thread_count(client)
    running = 0
    remaining = set(futures)
    try:
        while remaining:
            while waiting and running < threads:
                running += 1
                yield ("start", futures[waiting.pop(0)], None, "")
            try:
                finished = wait(list(remaining), timeout=1.0, return_when="FIRST_COMPLETED").done
            except (TimeoutError, asyncio.TimeoutError):
                yield ("tick", None, None, "")
                continue
            for future in finished:
                remaining.discard(future)
                if future in waiting:  # finished before we counted it as started
                    waiting.remove(future)
                    yield ("start", futures[future], None, "")
                else:
                    running -= 1
                yield ("done", futures[future], *_outcome(future, futures[future], mine))
    finally:
        for future in remaining:
            future.cancel()
        client.close()


def _outcome(future, job, fingerprint: str) -> tuple:
    if future.status != "finished":
        error = future.exception()
        return ({"solutions": job.label, "status": "crashed",
                 "reason": f"the Dask worker failed: {type(error).__name__}: {error}",
                 "exercises": []}, "")
    report, where, theirs = future.result()
    if theirs != fingerprint:
        return ({"solutions": job.label, "status": "crashed",
                 "reason": f"graded by {where}, whose tests or libraries differ from this checkout's",
                 "exercises": []}, where)
    return report, where
