"""The Python side of the benchmark: format every stdin line with a spec, as tbx format does."""
import sys

spec = sys.argv[1]
write = sys.stdout.write
for line in sys.stdin:
    write(format(line.rstrip("\n"), spec) + "\n")
