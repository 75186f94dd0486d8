#!/usr/bin/python3
"""Python-Markdown 3.4.1 throughput on the same documents and configuration
as bench/markdown_bench.cc, for the comparison in bench/markdown.sh.

    /usr/bin/python3 markdown_bench.py [--config FILE.json] [--repeat N]
                                       [--highlight plain|pygments] FILE_OR_DIR...

One Markdown object converts every document (reset() in between), so the
figure is Python-Markdown's best case. --highlight plain (default) prints
code as Pygments prints plain text, as stacks does without a highlighter;
pygments lets codehilite highlight (and guess languages) as Pelican would.
Times are CPU seconds of this process (the machine may be shared); wall
time is printed per round. Prints:
  python-markdown (<mode>): <MB> MB, <docs> docs, best <s> s, median <s> s, <MB/s> MB/s (median, CPU time)
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "markdown", "oracle"))

import markdown  # noqa: E402
import oracle_markdown  # noqa: E402


def read_documents(inputs):
    files = []
    for path in inputs:
        if os.path.isdir(path):
            files += [os.path.join(path, f) for f in os.listdir(path)
                      if f.endswith(".md") and os.path.isfile(os.path.join(path, f))]
        else:
            files.append(path)
    docs = []
    for f in sorted(files):
        with open(f, encoding="utf-8") as fh:
            docs.append(fh.read())
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--highlight", choices=["plain", "pygments"], default="plain")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    docs = read_documents(args.inputs)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    config = oracle_markdown.load_config(args.config) if args.config else {}
    if args.highlight == "plain":
        oracle_markdown.use_plain_highlight()
    md = markdown.Markdown(**oracle_markdown.markdown_kwargs(config))
    rounds = []
    for i in range(max(1, args.repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            md.reset()
            md.convert(doc)
        rounds.append(time.process_time() - cpu)
        print("  round %d: %.3f s CPU, %.3f s wall" % (i + 1, rounds[-1], time.perf_counter() - wall))
    median = statistics.median(rounds)
    print("python-markdown (%s): %.2f MB, %d docs, best %.3f s, median %.3f s, %.2f MB/s (median, CPU time)"
          % (args.highlight, megabytes, len(docs), min(rounds), median, megabytes / median))


if __name__ == "__main__":
    main()
