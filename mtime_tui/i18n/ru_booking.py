"""Russian texts of the booking area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
