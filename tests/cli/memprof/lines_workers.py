"""A parent and two kinds of workers: a Python subprocess and a forked multiprocessing worker."""
import multiprocessing
import subprocess
import sys

MIB = 2 ** 20


def child_work():
    block = b"x" * (30 * MIB)
    return len(block)


def forked_work():
    block = b"x" * (25 * MIB)
    return len(block)


def main():
    subprocess.run([sys.executable, __file__, "child"], check=True)
    worker = multiprocessing.get_context("fork").Process(target=forked_work)
    worker.start()
    worker.join()


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        child_work()
    else:
        main()
