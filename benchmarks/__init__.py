"""Benchmarks (run benchmarks/run.py; never part of the test suite)."""
