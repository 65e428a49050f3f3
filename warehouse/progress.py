"""Per-step progress lines with timings, for long build steps."""

import sys
import time
from contextlib import contextmanager


class Progress:
    """Prints one line per step: elapsed time since start, step name, detail."""

    def __init__(self, stream=sys.stderr, quiet: bool = False):
        self.stream = stream
        self.quiet = quiet
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self.started
            print(f"[{elapsed:7.1f}s] {message}", file=self.stream, flush=True)

    @contextmanager
    def step(self, name: str):
        self.say(f"{name} ...")
        t0 = time.perf_counter()
        yield
        self.say(f"{name} done in {time.perf_counter() - t0:.1f}s")
