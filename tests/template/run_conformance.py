#!/usr/bin/env python3
"""Runs the template conformance cases through `stacks template render` and compares
the result with the oracle's (expected/*.json, made by make_expected.py).

For each case the runner writes its templates and its JSON context into a temporary
folder and runs, from that folder,

    stacks template render main.html --context context.json --search-path DIR [flags]

where DIR is that folder (theme cases: each of the theme's template folders, and they
run from the first). Flags: --trim-blocks, --lstrip-blocks, --autoescape,
--keep-trailing-newline, --strict-undefined. A case passes when stdout equals the
expected output and the exit status is 0, or, for an error case, when the exit status
is nonzero and the first `PATH:LINE:COL: error:` line on stderr names the oracle's line.

Prints "template conformance: N passed, M failed", then the failures; exits 1 when
more than --max-fail cases fail. Needs only the Python standard library.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean when run by CTest
import cases as case_files  # noqa: E402

FLAG_OF_OPTION = {
    "trim_blocks": "--trim-blocks",
    "lstrip_blocks": "--lstrip-blocks",
    "autoescape": "--autoescape",
    "keep_trailing_newline": "--keep-trailing-newline",
    "strict_undefined": "--strict-undefined",
}
ERROR_LINE = re.compile(r"^(.*?):(\d+):(\d+): error: ", re.MULTILINE)
TIMEOUT_SECONDS = 20


def command_for(stacks, case, context_path, search_dirs):
    cmd = [stacks, "template", "render", case.template_name, "--context", context_path]
    for d in search_dirs:
        cmd += ["--search-path", d]
    cmd += [FLAG_OF_OPTION[o] for o in case_files.ENV_OPTIONS if o in case.flags]
    return cmd


def run_case(stacks, case):
    """Returns (stdout, stderr, exit status) of stacks on one case."""
    with tempfile.TemporaryDirectory() as workdir:
        case.write_files(workdir)
        context_path = os.path.join(workdir, "context.json")
        with open(context_path, "w", encoding="utf-8") as f:
            json.dump(case.context(), f, ensure_ascii=False)
        try:
            search_dirs = case.search_dirs(workdir)
            proc = subprocess.run(command_for(stacks, case, context_path, search_dirs),
                                  cwd=search_dirs[0], capture_output=True,
                                  timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return "", f"timed out after {TIMEOUT_SECONDS}s", -1
        out = proc.stdout.decode("utf-8", errors="replace")
        err = proc.stderr.decode("utf-8", errors="replace")
        return out, err, proc.returncode


def shorten(text, limit=400):
    r = repr(text)
    return r if len(r) <= limit else r[:limit] + "...'"


def first_difference(want, got):
    """Where two outputs part: short ones whole, long ones around the first difference."""
    if len(want) <= 300 and len(got) <= 300:
        return f"expected {shorten(want)}\n      got {shorten(got)}"
    at = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    line = want.count("\n", 0, at) + 1
    start = max(0, at - 60)
    return (f"outputs differ from output line {line} (lengths {len(want)} and {len(got)})\n"
            f"      expected ...{shorten(want[start:at + 100], 240)}\n"
            f"      got      ...{shorten(got[start:at + 100], 240)}")


def judge(expected, out, err, status):
    """None when the run matches the expectation, else a short explanation."""
    if status < 0:  # killed by a signal (a crash) or by the timeout
        return err if "timed out" in err else f"crashed (signal {-status}): {shorten(err.strip())}"
    if "output" in expected:
        if status != 0:
            return f"exit {status}, stderr: {shorten(err.strip())}"
        if out != expected["output"]:
            return first_difference(expected["output"], out)
        return None
    want = expected["error"]
    if status == 0:
        return f"expected an error at line {want['line']} ({want['type']}: " \
               f"{shorten(want['message'], 160)}), got output {shorten(out, 160)}"
    match = ERROR_LINE.search(err)
    if not match:
        return f"exit {status} but no 'PATH:LINE:COL: error:' on stderr: {shorten(err.strip())}"
    if int(match.group(2)) != want["line"]:
        return f"error at line {match.group(2)}, oracle says line {want['line']} " \
               f"({want['type']}: {shorten(want['message'], 160)}); stderr: " \
               f"{shorten(err.strip(), 200)}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", required=True, help="path of the stacks executable")
    parser.add_argument("--max-fail", type=int, default=0,
                        help="exit 1 only when more cases than this fail")
    parser.add_argument("--quiet", action="store_true", help="list no failures")
    parser.add_argument("-k", dest="pattern", help="run only cases whose id contains this")
    parser.add_argument("areas", nargs="*", help="case files to run (default: all)")
    args = parser.parse_args()
    stacks = os.path.abspath(args.stacks)

    passed, failures, by_area = 0, [], {}
    expected_by_area = {}
    for case in case_files.load_all(args.areas):
        if args.pattern and args.pattern not in case.id:
            continue
        if case.area not in expected_by_area:
            expected_by_area[case.area] = case_files.load_expected(case.area)
        expected = expected_by_area[case.area].get(case.name)
        if expected is None:
            problem = "no expected entry (run make_expected.py)"
        else:
            problem = judge(expected, *run_case(stacks, case))
        tally = by_area.setdefault(case.area, [0, 0])
        if problem:
            failures.append((case, problem))
            tally[1] += 1
        else:
            passed += 1
            tally[0] += 1

    print(f"template conformance: {passed} passed, {len(failures)} failed")
    for area, (ok, bad) in sorted(by_area.items()):
        print(f"  {area}: {ok}/{ok + bad}")
    if not args.quiet:
        for case, problem in failures:
            print(f"FAIL {case.id} (cases/{case.area}.txt:{case.line}): {problem}")
    return 1 if len(failures) > args.max_fail else 0


if __name__ == "__main__":
    sys.exit(main())
