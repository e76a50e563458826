"""One log line per kind of failure and back-off step while Telegram is away, a summary when it
is back — instead of a line (or a traceback) per failed call.

A 30-second outage used to write 42 tracebacks (58.7 KB); a long one pushed the whole history
out of the 5 × 1 MB log. Each caller that retries (the polling loop, the outbox sender, the
handlers' repeats) keeps one OutageLog: the first failure of a kind at a given wait is logged as
a WARNING without a traceback; repeats are only counted; `recovered()` writes the summary.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

KIND_CHARS = 120  # a proxy's error page can be kilobytes; its beginning says enough


def kind_of(exc: BaseException) -> str:
    """"NetworkError: Bad Gateway (502)" — the error's class and the start of its text."""
    text = " ".join(str(exc).split())
    cut = text.find(". Parsing the server response")  # PTB appends the whole body after this
    if cut > 0:
        text = text[:cut] + " (not Telegram's answer)"
    if len(text) > KIND_CHARS:
        text = text[: KIND_CHARS - 1] + "…"
    name = getattr(exc, "kind", None) or type(exc).__name__
    return f"{name}: {text}" if text else name


class OutageLog:
    """Failures of one kind of call (`what`), counted, logged once per kind and wait."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self.logger = logger
        self.what = what
        self._kinds: Counter[str] = Counter()
        self._logged: set[tuple[str, float | None]] = set()
        self._since: float | None = None

    @property
    def failing(self) -> bool:
        return self._since is not None

    def failed(self, exc: BaseException, wait: float | None = None) -> None:
        kind = kind_of(exc)
        if self._since is None:
            self._since = time.monotonic()
        self._kinds[kind] += 1
        key = (kind, wait)
        if key in self._logged:
            return
        self._logged.add(key)
        if wait is None:
            self.logger.warning("%s failed (%s); will retry", self.what, kind)
        else:
            self.logger.warning("%s failed (%s); retrying in %.0f s", self.what, kind, wait)

    def recovered(self) -> None:
        """The call worked again: one summary line of the outage, and a clean slate."""
        if self._since is None:
            return
        seconds = time.monotonic() - self._since
        total = sum(self._kinds.values())
        kinds = ", ".join(f"{kind} ×{count}" for kind, count in self._kinds.most_common())
        self.logger.warning("%s works again after %.0f s: %d failed call(s) (%s)",
                            self.what, seconds, total, kinds)
        self._kinds.clear()
        self._logged.clear()
        self._since = None
