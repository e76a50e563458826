"""Finding 7 of part 5 (hostile input), fixed in commit 5544f8c — this keeps it fixed:
core.people.phones.parse_phone refuses numbers longer than E.164 allows (docs/RELIABILITY.md, Findings).

In a salon whose phone region is DE, a 14-digit national number is "valid" to phonenumbers and
came back as +49 and 14 digits: 16 digits, over E.164's 15. Hypothesis found it in about 1 of
20 typed numbers of 14–16 digits.
"""

from __future__ import annotations

import re

import pytest

from mtime_tui.core.errors import ValidationError
from mtime_tui.core.people import phones

pytestmark = pytest.mark.stress


@pytest.mark.parametrize("text", ["20100000000000", "760706677381439", "81085245048470"])
def test_parse_phone_never_returns_more_than_15_digits(text):
    try:
        e164 = phones.parse_phone(text, "DE")
    except ValidationError as exc:
        assert exc.field == "phone" and exc.message("en")
        return
    assert re.fullmatch(r"\+[1-9]\d{3,14}", e164), e164
