"""Measurement, never a test: the national-scale benchmark (`make bench`) with synthetic data, and readability (LIX)."""
