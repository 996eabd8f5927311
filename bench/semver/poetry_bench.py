#!/usr/bin/python3
"""poetry-core throughput on the same workload: poetry_bench.py C.txt V.txt [N]"""
import json
import sys
import time

from poetry.core.constraints.version import Version, parse_constraint

cs = open(sys.argv[1]).read().splitlines()
vs = open(sys.argv[2]).read().splitlines()
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
parsed = [parse_constraint(c) for c in cs]
hits = 0
start = time.process_time()
for i in range(n):
    if parsed[i % len(parsed)].allows(Version.parse(vs[(i * 7919) % len(vs)])):
        hits += 1
t1 = time.process_time() - start
n2 = n // 10
start = time.process_time()
for i in range(n2):
    parse_constraint(cs[i % len(cs)]).allows(Version.parse(vs[(i * 7919) % len(vs)]))
t2 = time.process_time() - start
print(json.dumps({"impl": "poetry-core", "checks": n, "matches": hits,
                  "parsed_range_per_s": round(n / t1), "strings_per_s": round(n2 / t2)}))
