"""The business in figures: statistics, exports, imports."""
