#!/usr/bin/python3
"""Generates a deterministic tree of about N entries shaped like a source checkout.

Usage: make_tree.py DIR [ENTRIES]   (default 1,160,000 entries, the issue's tree size)
Directories hold 8-40 files and 0-6 subdirectories; names mix extensions (.h .c .py .txt ...),
leading dots and mixed case. Empty files: only the walk matters.
"""
import os
import random
import sys

EXTENSIONS = [".h", ".c", ".cpp", ".hpp", ".py", ".txt", ".md", ".json", ".o", ".rs", ""]
WORDS = ["python", "core", "util", "test", "Desktop", "main", "parse", "walker", "glob",
         "index", "data", "config", "README", "build", "lib", "src", "doc", "api"]


def main():
    root = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 1_160_000
    rng = random.Random(42)
    os.makedirs(root, exist_ok=True)
    count = 0
    queue = [root]
    while queue and count < target:
        directory = queue.pop(0)
        for i in range(rng.randint(8, 40)):
            name = f"{rng.choice(WORDS)}_{i}{rng.choice(EXTENSIONS)}"
            if rng.random() < 0.03:
                name = "." + name
            os.close(os.open(os.path.join(directory, name), os.O_CREAT | os.O_WRONLY, 0o644))
            count += 1
        for i in range(rng.randint(0, 6) if len(queue) < 50_000 else 1):
            sub = os.path.join(directory, f"{rng.choice(WORDS)}{i}")
            os.mkdir(sub)
            queue.append(sub)
            count += 1
    print(f"{count} entries under {root}")


if __name__ == "__main__":
    main()
