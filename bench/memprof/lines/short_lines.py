"""Many short lines: 600 000 line events of cheap arithmetic."""
try:
    profile
except NameError:  # run without a profiler
    def profile(func):
        return func


@profile
def loop(n):
    total = 0
    for i in range(n):
        total += i
        total ^= 3
    return total


loop(200000)
