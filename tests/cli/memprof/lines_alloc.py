"""Deterministic allocations for the --lines tests (b"x" * n writes every page at once)."""
MIB = 2 ** 20


@profile
def allocate():
    a = b"x" * (20 * MIB)
    b = b"x" * (40 * MIB)
    del b
    c = [b"x" * MIB for _ in range(10)]
    n = len(b"x" * (80 * MIB))
    del a
    return c, n


if __name__ == "__main__":
    allocate()
