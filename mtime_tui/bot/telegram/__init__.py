"""The Telegram side itself: thread and loop, Application, transport, sender, callbacks, keyboards, Telegram's limits."""
