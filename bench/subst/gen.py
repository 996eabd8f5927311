#!/usr/bin/python3
"""Generates the inputs of the subst benchmark: one large text file, or a tree of files.

usage: gen.py file PATH SIZE_MIB      one file, a 'foo_NNNNN' token on every line
       gen.py tree DIR FILES KIB       FILES files of about KIB KiB in nested directories
"""
import os
import random
import sys

WORDS = ["alpha", "beta", "gamma", "delta", "lorem", "ipsum", "dolor", "sit", "amet",
         "consectetur", "adipiscing", "elit"]


def block(rng, lines):
    out = []
    for _ in range(lines):
        words = rng.sample(WORDS, 6)
        words.insert(rng.randint(0, 6), f"foo_{rng.randint(0, 99999)}")
        out.append(" ".join(words))
    return ("\n".join(out) + "\n").encode()


def main():
    rng = random.Random(8)
    if sys.argv[1] == "file":
        path, size = sys.argv[2], int(sys.argv[3]) * 1024 * 1024
        chunk = block(rng, 20000)
        with open(path, "wb") as f:
            written = 0
            while written < size:
                piece = chunk[: size - written]
                f.write(piece)
                written += len(piece)
    else:
        root, files, kib = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        chunk = block(rng, 20000)
        for i in range(files):
            directory = os.path.join(root, f"d{i % 100:02}", f"e{i % 7}")
            os.makedirs(directory, exist_ok=True)
            start = rng.randint(0, len(chunk) - 3 * kib * 1024)
            start = chunk.index(b"\n", start) + 1
            end = chunk.index(b"\n", start + kib * 1024) + 1
            with open(os.path.join(directory, f"f{i}.txt"), "wb") as f:
                f.write(chunk[start:end])


if __name__ == "__main__":
    main()
