"""People and what they are offered: clients, masters, services, invitations."""
