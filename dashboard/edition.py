"""An official site's public edition, kept in step with the database it is published from.

A visitor who has not signed in reads the public edition published beside the database
(warehouse/publish.py). When a new build is swapped in, that edition is one build behind
until it is published again. The first request to notice starts publishing it in the
background, in a child process so a web worker never holds a publication's memory, and
in one worker of the machine (a lock file). Visitors read the previous edition meanwhile:
suppressed and consistent, only older. The new one is renamed into place when written,
and every worker reopens it as it does a new build.
"""

import fcntl
import subprocess
import sys
import threading

from dashboard.db import Database


class PublicEdition:
    def __init__(self, full: Database, public: Database):
        self.full, self.public = full, public
        self._attempted = None  # the build last published for, by this worker
        self._lock = threading.Lock()

    @property
    def behind(self) -> bool:
        """Whether the public edition was published from an older build than the one in place."""
        return (self.public.current_build().get("source_build_id")
                != self.full.current_build().get("build_id"))

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
        lock_path = self.public.path.with_suffix(".publishing")
        with open(lock_path, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another worker of this machine is publishing it
            # `publish` checks the edition again: another worker may have just written it.
            subprocess.run([sys.executable, "-m", "dashboard", "publish", "--if-stale",
                            "--db", str(self.full.path), "--out", str(self.public.path)],
                           check=False, stdout=subprocess.DEVNULL)
