"""Allocation-heavy: 100 rounds of a 2 MiB byte string and a list of 2000 ints, built and dropped."""
try:
    profile
except NameError:  # run without a profiler
    def profile(func):
        return func


@profile
def churn(rounds):
    kept = []
    for i in range(rounds):
        block = b"x" * (2 * 2 ** 20)
        items = [j for j in range(2000)]
        kept.append(block[: 1024])
        del block, items
    return len(kept)


churn(100)
