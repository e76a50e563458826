"""Booking: free time, bookings, visits, working time, waitlist."""
