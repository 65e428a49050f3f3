"""An official site's public edition, kept in step with the database it is published from.

A visitor who has not signed in reads the public edition published beside the database
(warehouse/publish.py). When a new build is swapped in, that edition is one build behind
until it is published again. The first request to notice starts publishing it in the
background, in a child process at low priority so a web worker never holds a
publication's memory and serving keeps the processors first, and in one worker of the
machine (a lock file). Visitors read the previous edition meanwhile: suppressed and
consistent, only older. The new one is renamed into place when written, and every worker
opens and warms it in the background as it does a new build.
"""

import fcntl
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from dashboard.db import Database
from warehouse.publish import ensure_published

PUBLISHING_NICENESS = 10


@contextmanager
def _publishing(public_path: Path, wait: bool):
    """Whether this process may publish the edition now: one process of the machine at a
    time. With `wait`, until the one publishing has finished."""
    with open(public_path.with_suffix(".publishing"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True


def published(full_path: Path, public_path: Path) -> Path:
    """The public edition of the full database, published first when missing or stale, by
    one worker of the machine at a time, so none replaces an edition another has just
    opened. A worker that finds another publishing serves the edition in place meanwhile
    (the new one is swapped in when it is renamed there), or waits when there is none."""
    with _publishing(public_path, wait=not public_path.exists()) as mine:
        if mine:
            return ensure_published(full_path, public_path)
    return public_path


class PublicEdition:
    def __init__(self, full: Database, public: Database):
        self.full, self.public = full, public
        self._attempted = None  # the build last published for, by this worker
        self._lock = threading.Lock()

    @property
    def behind(self) -> bool:
        """Whether the public edition served was published from an older build than the
        full build served."""
        return self.public.build.get("source_build_id") != self.full.build_id

    def database(self) -> Database:
        """The public edition to read now; republished in the background when it is behind."""
        if self.behind:
            build = self.full.build_id
            with self._lock:
                # Once per build: a publication that fails (its error is in the worker's log)
                # is not retried on every request; the next build or a restart tries again.
                if self._attempted != build:
                    self._attempted = build
                    threading.Thread(target=self._publish, daemon=True,
                                     name="publish-public-edition").start()
        return self.public

    def _publish(self) -> None:
        with _publishing(self.public.path, wait=False) as mine:
            if not mine:
                return  # another worker of this machine is publishing it
            # `publish` checks the edition again: another worker may have just written it.
            subprocess.run(["nice", "-n", str(PUBLISHING_NICENESS), sys.executable, "-m",
                            "dashboard", "publish", "--if-stale", "--db", str(self.full.path),
                            "--out", str(self.public.path)],
                           check=False, stdout=subprocess.DEVNULL)
