"""Collectives: anonymized contribution packages, releases of benchmarks, report cards."""
