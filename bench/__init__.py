"""Benchmarks and quality measurements. Run them with `make bench` or `python -m bench.<name>`."""
