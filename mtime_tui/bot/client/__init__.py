"""The client's flows: booking, visits, my bookings, invitations, waitlist, messages."""
