"""Russian texts of the core area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
