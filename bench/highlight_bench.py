#!/usr/bin/python3
"""Highlighting throughput: `stacks highlight` (HTML output) against
Pygments 2.14 (highlight() with HtmlFormatter, in-process, import excluded),
in the same run, on the corpus of tests/highlight repeated to SIZE bytes.
Times are CPU seconds (the child's user+system time for stacks, including
its start-up; process time for Pygments), the best of a few runs, so other
work on a shared machine does not skew the ratio.

Pygments is timed without its import and lexer set-up; the last column
gives our ratio without our start-up too (the same tool on a one-line
file, about 8 ms of loading Qt and KSyntaxHighlighting), for the
cheap lexers whose whole run is a few times that.

  highlight_bench.py TOOL [SIZE_KB] [LANG ...]   (default: every corpus language)
"""
import os
import subprocess
import sys
import tempfile
import time

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "highlight", "corpus")


def sample(alias, size):
    text = open(os.path.join(CORPUS, alias + ".txt"), encoding="utf-8").read().replace("--8<--\n", "\n")
    return (text * (size // len(text) + 1))[:size].rsplit("\n", 1)[0] + "\n"


def best_of(n, fn):
    return min(fn() for _ in range(n))


def main():
    tool = sys.argv[1]
    size = int(sys.argv[2]) * 1024 if len(sys.argv) > 2 else 512 * 1024
    langs = sys.argv[3:] or sorted(name[:-4] for name in os.listdir(CORPUS) if name.endswith(".txt"))
    print("%-11s %9s %12s %12s %7s %16s" % ("language", "KB", "stacks MB/s", "Pygments MB/s", "ratio",
                                            "w/o start-up"))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as empty:
        empty.write("x\n")
    for alias in langs:
        text = sample(alias, size)
        mb = len(text.encode()) / 1e6
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(text)

        def ours(path=f.name):
            p = subprocess.Popen([tool, "highlight", "--lang", alias, path], stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            assert p.returncode == 0
            return usage.ru_utime + usage.ru_stime

        def theirs():
            lexer = get_lexer_by_name(alias)
            t = time.process_time()
            highlight(text, lexer, HtmlFormatter())
            return time.process_time() - t

        a, b = best_of(3, ours), best_of(2, theirs)
        start = best_of(5, lambda: ours(empty.name))
        os.unlink(f.name)
        print("%-11s %9d %12.1f %12.2f %6.1fx %15.1fx" % (alias, len(text) // 1024, mb / a, mb / b, b / a,
                                                         b / max(a - start, 1e-6)))
    os.unlink(empty.name)


if __name__ == "__main__":
    main()
