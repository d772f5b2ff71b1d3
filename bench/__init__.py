"""Benchmarks run by ``make bench``: every ``bench/bench_*.py`` module with a ``main()``."""
