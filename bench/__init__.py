"""Kenes benchmarks: `make bench` (python -m bench [name ...]). Never run by pytest."""
