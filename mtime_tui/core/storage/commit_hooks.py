"""After-commit callbacks, the same on both engines: `database.after_commit(fn)`.

`fn()` runs in the calling thread once the outermost transaction it was registered in has
committed — never when that transaction rolls back, and never when the block (or a nested block,
a savepoint) it was registered in ends with an exception. Outside a transaction there is nothing
to wait for: `fn()` runs at once. A callback's own failure is logged and changes nothing (what it
followed is committed already), and the others still run.

The bot's writer uses it to hand a booking's notification rows to the sender in memory once they
are durable (core.messaging.outbox `handing`). peewee 4 has a hook of its own, 3.17 none: this one
is ours, so that the promise does not depend on peewee's version.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class AfterCommit:
    """A mixin for the engines (before peewee's Database in the bases)."""

    _hooks_local = threading.local()

    def _hooks(self) -> list[Callable[[], object]]:
        """This thread's callbacks waiting for this database's commit."""
        return self._hooks_local.__dict__.setdefault(id(self), [])

    def after_commit(self, fn: Callable[[], object]) -> None:
        if not self.in_transaction():
            _run([fn])
            return
        self._hooks().append(fn)

    def atomic(self, *args, **kwargs):
        return _Block(super().atomic(*args, **kwargs), self)

    def commit(self):
        result = super().commit()  # raises when it did not commit: then the rollback drops them
        hooks = self._hooks()  # a savepoint's release is no commit: it never comes here
        todo, hooks[:] = list(hooks), []
        _run(todo)
        return result

    def rollback(self):
        del self._hooks()[:]
        return super().rollback()

    def close(self):
        closed = super().close()
        del self._hooks()[:]
        return closed


class _Block:
    """peewee's atomic block, forgetting the callbacks registered inside it when it ends with an
    exception (its writes were rolled back: a savepoint's, or the whole transaction's)."""

    def __init__(self, inner, db: AfterCommit) -> None:
        self._inner, self._db = inner, db

    def __enter__(self):
        self._mark = len(self._db._hooks())
        return self._inner.__enter__()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            del self._db._hooks()[self._mark:]
        return self._inner.__exit__(exc_type, exc, tb)

    def __call__(self, fn):  # as a decorator, like peewee's
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            with _Block(self._inner._build_ctx(), self._db):
                return fn(*args, **kwargs)

        return inner


def _run(callbacks: list[Callable[[], object]]) -> None:
    for fn in callbacks:
        try:
            fn()
        except Exception:  # noqa: BLE001 - the commit stands; say what failed and go on
            log.exception("An after-commit callback failed")
