"""The staff's flows: masters' bookings and working time, the admin on the phone."""
