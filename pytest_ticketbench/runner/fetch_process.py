"""Ask for the replies in a child process, so the network loop and the grading each get a core.

In one process the fetch loop (the ``openai`` SDK on aiohttp, ~1-2 ms of Python per call)
and the items' grading share one GIL: a reply that lands while an item grades waits for
the interpreter, the next request goes out late, and the fetch of 500 cases at 200 ms and
concurrency 32 stretched from 3.4 s alone to 4.3-4.5 s beside the grading (the ideal is
3.1 s). It also imported the SDK (~0.45 s) only once the items were known. A child process
started with the session imports the SDK while pytest still loads the suite and collects,
then runs the same :class:`~pytest_ticketbench.runner.runner.Runner` (cache, retries,
budget, accounting) on the other core; the parent only reads landed replies from a pipe.

The child is made only where its copilot can be rebuilt from plain settings
(``copilot.portable()``: the OpenAI-compatible adapter); a Python-function copilot runs in
the pytest process, where the user's code and fixtures live. The child reads the API key
from the environment it inherits, as the parent would; the key never crosses the pipe.

Protocol: the parent writes one pickled job (the runner's portable settings, the tickets,
the sample count) to the child's stdin and keeps stdin open; the child writes pickled
frames to stdout -- ``("result", key, reply)``, ``("error", key, message)``,
``("progress", line, final)``, ``("fatal", message)``, then ``("done", stats)``. The
child exits when its stdin closes (the parent finished, failed, or was killed), so it never
outlives the run.
"""

from __future__ import annotations

import copyreg
import io
import itertools
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from ..copilots.base import CopilotError, CopilotFatal, Reply

if TYPE_CHECKING:
    from ..suite.model import Ticket
    from .runner import Key, Runner

DISABLE_ENV = "TICKETBENCH_FETCH_IN_PROCESS"
"""Set to 1 to fetch on a thread of the pytest process instead (for comparison or debugging)."""


class ChildDied(Exception):
    """The fetch child stopped without finishing (killed, out of memory, a crash): the
    caller fetches what is missing itself; the message says how it ended."""


def _read_only(data: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(data)


def _dump(obj: Any, out: IO[bytes]) -> None:
    """Pickle ``obj`` to ``out`` (the read-only mappings of tickets travel as dicts)."""
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = lambda m: (_read_only, (dict(m),))
    pickler.dump(obj)
    out.flush()


CHUNK = 64
"""Tickets per pickled chunk of the job."""


def _pack(tickets: Iterable[Ticket]) -> tuple[list[bytes], int]:
    """The tickets as pickled chunks (and how many), for the child to unpickle as its fetch
    reaches them; a lazy ``tickets`` is made one chunk at a time here too."""
    chunks, count, source = [], 0, iter(tickets)
    while chunk := list(itertools.islice(source, CHUNK)):
        buffer = io.BytesIO()
        _dump(chunk, buffer)
        chunks.append(buffer.getvalue())
        count += len(chunk)
    return chunks, count


class _Unpacked:
    """The child's tickets, unpickled one chunk at a time as the fetch takes them.

    1000 tickets held as objects took ~3.5 MB of the child's memory from the start; as
    pickled chunks they take ~1.1 MB, and each chunk is dropped once unpickled."""

    def __init__(self, chunks: list[bytes], count: int):
        self._chunks = deque(chunks)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Ticket]:
        while self._chunks:
            yield from pickle.loads(self._chunks.popleft())


class FetchProcess:
    """The parent's handle on one fetch child: started early, given its jobs once."""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  (read in _died, closed in close)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            # Its own process group on POSIX: a Ctrl-C reaches pytest, which stops the run and
            # closes the child's stdin, instead of printing a KeyboardInterrupt from the child.
            start_new_session=os.name == "posix",
        )

    def run(
        self,
        runner: Runner,
        tickets: Iterable[Ticket],
        *,
        samples: int,
        on_result: Callable[[Key, Reply | CopilotError], None],
        progress: Callable[[str, bool], None] | None = None,
    ) -> None:
        """Fetch every (ticket, sample) in the child, calling ``on_result`` as each lands.

        Each landed reply goes into ``runner``'s ledger; the child's stats (requests, retries,
        throttling) are added when it is done.
        Raises CopilotFatal when the copilot stopped the run (bad key, unknown model), and
        ChildDied when the child ended without finishing; replies that landed before stay
        delivered.
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            chunks, count = _pack(tickets)
            job = {"runner": runner.portable(), "tickets": chunks, "count": count, "samples": samples}
            _dump(job, self.proc.stdin)
        except (BrokenPipeError, OSError):
            raise ChildDied(self._died("before it was given the cases")) from None
        del tickets, chunks, job  # the child has them now
        fatal: str | None = None
        reader = self.proc.stdout
        while True:
            try:
                frame = pickle.load(reader)
            except (EOFError, pickle.UnpicklingError, OSError):
                if fatal:
                    raise CopilotFatal(fatal) from None
                raise ChildDied(self._died("before it finished")) from None
            kind = frame[0]
            if kind == "result":
                runner.ledger.record(frame[2], case_id=frame[1][0])  # here, so a child's death loses no spend
                on_result(frame[1], frame[2])
            elif kind == "error":
                on_result(frame[1], CopilotError(frame[2]))
            elif kind == "progress":
                if progress is not None:
                    progress(frame[1], frame[2])
            elif kind == "fatal":
                fatal = frame[1]
            elif kind == "done":
                runner.absorb(frame[1])
                if fatal:
                    raise CopilotFatal(fatal)
                return

    def _died(self, when: str) -> str:
        try:
            code = self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            code = None
        self._stderr.seek(0)
        tail = self._stderr.read()[-2000:].decode("utf-8", "replace").strip()
        last = tail.splitlines()[-1] if tail else "no message"
        state = f"exit code {code}" if code is not None else "still running"
        return f"the fetch process stopped {when} ({state}): {last}"

    def close(self) -> None:
        """Close the child's stdin: it exits on that (at once, or after its imports)."""
        proc = self.proc
        for pipe in (proc.stdin, proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # stuck: never let it outlive the run
            proc.kill()
            proc.wait()
        self._stderr.close()


# --- the child ------------------------------------------------------------------------


def _exit_when_orphaned(stdin: IO[bytes]) -> None:
    """Exit as soon as the parent closes our stdin (or dies): nothing here outlives the run."""

    def watch() -> None:
        try:
            while stdin.read(65536):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch, name="ticketbench-fetch-orphan", daemon=True).start()


def main() -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the pipe
    # The SDK is imported now, while the parent still loads the suite and collects.
    from ..copilots.openai import preload

    preload()
    from .runner import Runner

    try:
        job = pickle.load(stdin)
    except EOFError:  # the parent never needed us (collect-only, an error, no cases)
        return
    _exit_when_orphaned(stdin)
    runner = Runner.from_portable(job["runner"])
    lock = threading.Lock()

    def send(*frame: Any) -> None:
        with lock:
            _dump(frame, stdout)

    def landed(key: Key, outcome: Reply | CopilotError) -> None:
        if isinstance(outcome, Reply):
            send("result", key, outcome)
        else:
            send("error", key, str(outcome))

    try:
        runner.fetch(
            _Unpacked(job.pop("tickets"), job["count"]),
            samples=job["samples"],
            on_result=landed,
            progress=lambda line, final: send("progress", line, final),
        )
    except CopilotFatal as exc:
        send("fatal", str(exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which errors the items still waiting
        send("fatal", f"fetching replies failed: {type(exc).__name__}: {exc}")
    send("done", runner.stats.to_dict())


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away: nothing to report to
        pass
    # Everything is on the pipe and in the cache (written synchronously): skip the
    # interpreter's teardown of the SDK's modules, which the parent would wait out.
    os._exit(0)
