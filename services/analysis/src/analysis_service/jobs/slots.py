"""MAX_CONCURRENT_ANALYSES slots, shared by synchronous uploads and jobs, handed out in arrival order."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from analysis_service.memory import give_back_memory


class Ticket:
    """A place in the line (taken when the upload arrives, so order is arrival order, not thread luck)."""


class FifoSlots:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("at least one analysis slot is needed")
        self.size = size
        self._free = size
        self._line: deque[Ticket] = deque()
        self._cond = threading.Condition()

    def enter(self) -> Ticket:
        with self._cond:
            ticket = Ticket()
            self._line.append(ticket)
            return ticket

    def wait(
        self, ticket: Ticket, *, give_up: Callable[[], bool] = lambda: False, poll_s: float = 0.5
    ) -> bool:
        """Until it is this ticket's turn and a slot is free (True), or ``give_up()`` (False, line left)."""
        with self._cond:
            while not (self._line[0] is ticket and self._free > 0):
                if give_up():
                    self._line.remove(ticket)
                    self._cond.notify_all()
                    return False
                self._cond.wait(poll_s)
            self._line.popleft()
            self._free -= 1
            self._cond.notify_all()  # the next in line may take another free slot
            return True

    def release(self) -> None:
        """Called by the thread that ran the analysis, once its objects are gone."""
        give_back_memory()  # a big file's memory is returned before the next analysis starts
        with self._cond:
            self._free += 1
            self._cond.notify_all()

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._line)

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.wait(self.enter())
        try:
            yield
        finally:
            self.release()
