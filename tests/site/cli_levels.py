#!/usr/bin/python3
"""`stacks build`'s message levels (-q, default, -v, -D) against Pelican 4.8's,
and its progress line.

    cli_levels.py --stacks BIN

A small site is built by Pelican and by stacks at each level. For each kind
of message (a link warning, "Writing ...", "Copying ...", "Read file ...",
"Deleted file/link ...", "Skipping deletion; ...", the "Done:" line) the test
checks that it appears in stacks' output at exactly the levels it appears in
Pelican's. Kinds only stacks has are checked against hand-written levels:
step timings with -D only.

The progress line: with stderr on a pseudo-terminal (and
STACKS_PROGRESS_AFTER_MS=0, so a small build shows it), the default level
draws "reading N/N ... rendering N/N" with carriage returns and erases it at
the end; -q draws nothing; nor does a build whose stderr is a pipe.
Exit 1 on any failure.
"""
import argparse
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pelican_build  # noqa: E402

THEME = pelican_build.SIMPLE_THEME
SETTINGS = pelican_build.small_site_settings("Levels") + """\
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = ['CNAME']
"""
ARTICLE = "Title: Kept\nDate: 2021-01-01\nCategory: Misc\n\nSee [nothing]({filename}missing.md).\n"
LEVELS = {"quiet": ["-q"], "default": [], "verbose": ["-v"], "debug": ["-D"]}
# kind: (pattern in Pelican's output, pattern in stacks' output)
SHARED_KINDS = {
    "link warning": (r"Unable to find .*missing\.md.*skipping url replacement",
                     r"warning: .*Unable to find .*missing\.md.*skipping url replacement"),
    "writing": (r"Writing \S*/out/index\.html", r"info: Writing \S*/out/index\.html"),
    "copying static": (r"Copying /\S*/content/images/pic\.txt to images/pic\.txt",
                       r"info: Copying /\S*/content/images/pic\.txt to images/pic\.txt"),
    "copying a file": (r"Copying /\S*/content/images/pic\.txt to /\S*/out/images/pic\.txt",
                       r"info: Copying /\S*/content/images/pic\.txt to /\S*/out/images/pic\.txt"),
    "read file": (r"Read file kept\.md -> Article", r"debug: Read file kept\.md -> Article"),
    "deleted": (r"Deleted file/link \S*stale\.html", r"debug: Deleted file/link \S*stale\.html"),
    "retention": (r"Skipping deletion; CNAME is on retention list", r"debug: Skipping deletion; CNAME is on retention list"),
    "done": (r"Done: Processed 1 article", r"Done: Processed 1 article"),
}
STACKS_ONLY_KINDS = {"step timings": (r"debug: step read content +[0-9.]+ s", {"debug"})}


def lay_out(root):
    os.makedirs(os.path.join(root, "content", "images"))
    with open(os.path.join(root, "content", "kept.md"), "w", encoding="utf-8") as handle:
        handle.write(ARTICLE)
    with open(os.path.join(root, "content", "images", "pic.txt"), "w", encoding="utf-8") as handle:
        handle.write("picture\n")
    with open(os.path.join(root, "pelicanconf.py"), "w", encoding="utf-8") as handle:
        handle.write(SETTINGS)


def seed_output(root):
    output = os.path.join(root, "out")
    if os.path.isdir(output):
        shutil.rmtree(output)
    os.makedirs(output)
    for name in ("CNAME", "stale.html"):
        with open(os.path.join(output, name), "w", encoding="utf-8") as handle:
            handle.write("x\n")


def command(tool, stacks, root, flags):
    content, output, settings = (os.path.join(root, p) for p in ("content", "out", "pelicanconf.py"))
    if tool == "pelican":
        return [pelican_build.PYTHON, "-m", "pelican", content, "-o", output, "-s", settings, "-t", THEME,
                "--cache-path", os.path.join(root, "cache"), "-e", "LOAD_CONTENT_CACHE=false",
                "CACHE_CONTENT=false"] + flags
    return [stacks, "build", content, "-o", output, "-s", settings, "-t", THEME] + flags


def run(tool, stacks, root, flags):
    seed_output(root)
    env = pelican_build.pelican_environment("C")
    process = subprocess.run(command(tool, stacks, root, flags), cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process.stdout


def run_on_terminal(stacks, root, flags):
    """stacks with stderr on a pseudo-terminal; returns what the terminal got."""
    seed_output(root)
    env = pelican_build.pelican_environment("C")
    env["STACKS_PROGRESS_AFTER_MS"] = "0"
    env["TERM"] = "xterm"
    leader, follower = pty.openpty()
    process = subprocess.Popen(command("stacks", stacks, root, flags), cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    process.wait()
    os.close(leader)
    return received.decode("utf-8", "replace")


def check_levels(stacks, root):
    problems = []
    outputs = {(tool, level): run(tool, stacks, root, flags)
               for tool in ("pelican", "stacks") for level, flags in LEVELS.items()}
    for kind, (pelican_pattern, stacks_pattern) in SHARED_KINDS.items():
        expected = {level for level in LEVELS if re.search(pelican_pattern, outputs["pelican", level])}
        if not expected:
            problems.append("%s: never in Pelican's output (the test's pattern is wrong)" % kind)
        got = {level for level in LEVELS if re.search(stacks_pattern, outputs["stacks", level])}
        if got != expected:
            problems.append("%s: shown at %s, Pelican: %s" % (kind, sorted(got), sorted(expected)))
    for kind, (pattern, expected) in STACKS_ONLY_KINDS.items():
        got = {level for level in LEVELS if re.search(pattern, outputs["stacks", level])}
        if got != expected:
            problems.append("%s: shown at %s, expected %s" % (kind, sorted(got), sorted(expected)))
    return problems


def check_progress(stacks, root):
    problems = []
    shown = run_on_terminal(stacks, root, [])
    line = re.search(r"\rreading \d+/\d+ \.\.\. rendering (\d+)/(\d+)", shown)
    if not line:
        problems.append("no progress line on a terminal: %r" % shown[-300:])
    elif not re.search(r"\r {10,}\r", shown):
        problems.append("the progress line is not erased: %r" % shown[-300:])
    final = re.findall(r"rendering (\d+)/(\d+)", shown)
    if final and final[-1][0] != final[-1][1]:
        problems.append("the last progress line is not complete: %r" % (final[-1],))
    if "\r" in run_on_terminal(stacks, root, ["-q"]):
        problems.append("-q draws a progress line")
    if "\r" in run("stacks", stacks, root, []):
        problems.append("a progress line when stderr is not a terminal")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stacks", required=True)
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="cli-levels-")
    try:
        lay_out(root)
        problems = check_levels(os.path.abspath(args.stacks), root)
        problems += check_progress(os.path.abspath(args.stacks), root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for problem in problems:
        print("FAIL: " + problem)
    if not problems:
        print("ok: %d message kinds at 4 levels, progress line" % (len(SHARED_KINDS) + len(STACKS_ONLY_KINDS)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
