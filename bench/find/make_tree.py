#!/usr/bin/python3
"""Generates a deterministic tree of about N entries shaped like a source checkout.

Usage: make_tree.py DIR [ENTRIES] [--gitignore]   (default 1,160,000 entries, the issue's size)
Directories hold 8-40 files and 0-6 subdirectories; names mix extensions (.h .c .py .txt ...),
leading dots and mixed case. Empty files: only the walk matters. With --gitignore, DIR becomes
a git work tree (an empty repository) whose directories carry .gitignore files (every one of
the top two levels, one in ten below) with directory, anchored, negated and extension
patterns, as a source checkout's would.
"""
import os
import random
import sys

EXTENSIONS = [".h", ".c", ".cpp", ".hpp", ".py", ".txt", ".md", ".json", ".o", ".rs", ""]
WORDS = ["python", "core", "util", "test", "Desktop", "main", "parse", "walker", "glob",
         "index", "data", "config", "README", "build", "lib", "src", "doc", "api"]


IGNORE_RULES = ["*.o", "build*/", "!build_1.o", "/data*", "*.json", "!config_*.json", "test*/",
                "**/api*/*.md", ".*", "*.txt", "lib_[0-9].*"]


def write_gitignore(directory, depth, rng):
    if depth < 2 or rng.random() < 0.1:
        with open(os.path.join(directory, ".gitignore"), "w") as f:
            f.write("\n".join(rng.sample(IGNORE_RULES, 3)) + "\n")


def main():
    args = [arg for arg in sys.argv[1:] if arg != "--gitignore"]
    gitignore = len(args) < len(sys.argv) - 1
    root = args[0]
    target = int(args[1]) if len(args) > 1 else 1_160_000
    rng = random.Random(42)
    os.makedirs(root, exist_ok=True)
    if gitignore:
        os.makedirs(os.path.join(root, ".git", "info"))
        os.makedirs(os.path.join(root, ".git", "refs"))
        os.makedirs(os.path.join(root, ".git", "objects"))
        with open(os.path.join(root, ".git", "HEAD"), "w") as f:
            f.write("ref: refs/heads/main\n")
    count = 0
    queue = [root]
    while queue and count < target:
        directory = queue.pop(0)
        if gitignore:
            write_gitignore(directory, directory.count("/") - root.count("/"), rng)
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
