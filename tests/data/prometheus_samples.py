#!/usr/bin/python3
"""Reads a Prometheus text exposition on stdin with the reference parser
(python3-prometheus-client) and prints each sample as one line,
`name{label="value",...} value` with labels sorted, so a test can compare
counts. Exits 1 (naming the problem) when the text does not parse."""
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            print(f"{s.name}{{{labels}}} {s.value!r}")
except Exception as e:  # the parser raises ValueError and others
    print(f"not valid Prometheus text: {e}", file=sys.stderr)
    sys.exit(1)
