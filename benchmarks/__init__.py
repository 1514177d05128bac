"""Benchmarks behind `make bench`: each module prints its own measurements."""
