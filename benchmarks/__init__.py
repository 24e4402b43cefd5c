"""Benchmarks: a seeded instance generator and the suite behind ``make bench``."""
