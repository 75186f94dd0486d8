#!/usr/bin/python3
"""The output of `stacks build` does not depend on the number of threads.

    threads_identical.py --stacks BIN SITE_CONTENT SETTINGS [-j N]...

Builds the site once per thread count into fresh folders and compares the
trees byte for byte (file list and contents). Exit 1 on any difference.
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile


def build(stacks, content, settings, jobs, out):
    cmd = [stacks, "build", content, "-s", settings, "-o", out, "-q", "-j", str(jobs)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"threads_identical: {' '.join(cmd)} failed:\n{result.stderr}")


def tree(root):
    files = []
    for folder, _, names in os.walk(root):
        files += [os.path.relpath(os.path.join(folder, n), root) for n in names]
    return sorted(files)


def differences(a, b):
    files_a, files_b = tree(a), tree(b)
    if files_a != files_b:
        return [f"file lists differ: only in first {sorted(set(files_a) - set(files_b))[:5]}, "
                f"only in second {sorted(set(files_b) - set(files_a))[:5]}"]
    return [f for f in files_a if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stacks", required=True)
    parser.add_argument("content")
    parser.add_argument("settings")
    parser.add_argument("-j", dest="jobs", type=int, action="append", default=None)
    args = parser.parse_args()
    jobs = args.jobs or [1, 4]
    with tempfile.TemporaryDirectory() as work:
        outs = []
        for n in jobs:
            out = os.path.join(work, f"j{n}")
            build(args.stacks, args.content, args.settings, n, out)
            outs.append((n, out))
        count = len(tree(outs[0][1]))
        failed = False
        for n, out in outs[1:]:
            diff = differences(outs[0][1], out)
            if diff:
                failed = True
                print(f"-j{outs[0][0]} and -j{n} differ in {len(diff)} files, e.g. {diff[:5]}")
        if count == 0:
            sys.exit("threads_identical: the build wrote no file")
        print(f"threads_identical: {count} files, identical with -j {' / '.join(str(n) for n, _ in outs)}"
              if not failed else "threads_identical: FAILED")
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
