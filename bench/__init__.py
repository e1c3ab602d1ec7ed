"""Benchmark of wikirecords: throughput, orchestration overhead, incremental cost and memory (issue 5).

Run ``python -m bench [--quick] [--json]``; every figure is measured on one generated corpus in one run, and
reported together with ratios against baselines measured in the same run (see bench/RESULTS.md).
"""
