"""Messages: notifications, the outbox, broadcasts, conversations."""
