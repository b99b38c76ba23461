"""Forecast and replenishment benchmark on real retail data (issue #7).

Run everything with ``python -m bench.forecast_bench.run`` (``--small`` for the CI-sized
run); see docs/benchmarks.md for the results and how they were obtained.
"""
