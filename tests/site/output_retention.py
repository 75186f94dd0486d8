#!/usr/bin/python3
"""What a build does to an output folder that already holds files, with
Pelican 4.8 as the oracle (issue 4: DELETE_OUTPUT_DIRECTORY, OUTPUT_RETENTION,
the refusal to delete a folder holding the content or the settings,
STATIC_CHECK_IF_MODIFIED, STATIC_CREATE_LINKS).

    output_retention.py --stacks BIN [--keep DIR] [--only NAME]

Each scenario lays out a small site in a fresh folder, seeds its output folder
with files (a `.git` folder, a `CNAME`, stale pages), builds it with Pelican
and, in a twin folder, with stacks, then checks:
- both tools leave the same files in the output folder, with the same
  content for the seeded and static files (generated pages are compared
  by run_sites.py, not here);
- the scenario's own expectations (what survives, what is gone, a warning
  stacks must print), written by hand from Pelican's code;
- for the settings-file refusal, where stacks deliberately differs (Pelican
  would delete the settings file; docs/compat.md), stacks alone.
Prints one line per scenario; exit 1 on any failure.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pelican_build  # noqa: E402

THEME = pelican_build.SIMPLE_THEME
BASE_SETTINGS = pelican_build.small_site_settings("Retention")
ARTICLE = "Title: Kept\nDate: 2021-01-01\nCategory: Misc\n\nBody.\n"
SEEDS = {".git/HEAD": "ref: refs/heads/main\n", ".git/objects/ab": "object\n", "CNAME": "example.org\n",
         "stale.html": "<p>stale</p>\n", "olddir/old.html": "<p>old</p>\n"}
STAMP_2020 = 1577836800  # 2020-01-01 00:00 UTC
STAMP_2030 = 1893456000  # 2030-01-01 00:00 UTC


class Scenario:
    """A layout (where content, settings and output go), settings, command
    line flags, and what to do between builds."""

    def __init__(self, name, settings="", flags=(), output="out", content="site/content",
                 settings_file="site/pelicanconf.py", rebuild=None, pelican=True):
        self.name = name
        self.settings = settings
        self.flags = list(flags)
        self.output = output
        self.content = content
        self.settings_file = settings_file
        self.rebuild = rebuild
        self.pelican = pelican


def write(path, text, stamp=STAMP_2020):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, (stamp, stamp))


def lay_out(root, scenario):
    """The site and the seeded output folder under root."""
    content = os.path.join(root, scenario.content)
    write(os.path.join(content, "kept.md"), ARTICLE)
    write(os.path.join(content, "images", "pic.txt"), "picture v1\n")
    write(os.path.join(root, scenario.settings_file), BASE_SETTINGS + scenario.settings)
    for relative, text in SEEDS.items():
        write(os.path.join(root, scenario.output, relative), text)


def run_tool(tool, stacks, root, scenario):
    """One build; returns (exit status, log)."""
    content = os.path.join(root, scenario.content)
    output = os.path.join(root, scenario.output)
    settings = os.path.join(root, scenario.settings_file)
    workdir = os.path.join(root, "cwd")
    os.makedirs(workdir, exist_ok=True)
    if tool == "pelican":
        command = [pelican_build.PYTHON, "-m", "pelican", content, "-o", output, "-s", settings, "-t", THEME,
                   "--cache-path", os.path.join(root, "cache"), "-e", "LOAD_CONTENT_CACHE=false",
                   "CACHE_CONTENT=false"]
    else:
        command = [stacks, "build", content, "-o", output, "-s", settings, "-t", THEME]
    command += scenario.flags
    process = subprocess.run(command, cwd=workdir, env=pelican_build.pelican_environment("C"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process.returncode, process.stdout


def build(tool, stacks, root, scenario):
    lay_out(root, scenario)
    status, log = run_tool(tool, stacks, root, scenario)
    if status == 0 and scenario.rebuild:
        scenario.rebuild(root, scenario)
        status, more = run_tool(tool, stacks, root, scenario)
        log += more
    return status, log


def listing(folder):
    """{relative path: content} of every file under folder (generated .html
    pages only by name)."""
    files = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if relative.endswith(".html") and relative not in SEEDS:
                files[relative] = None
            else:
                with open(path, "rb") as handle:
                    files[relative] = handle.read()
    return files


# ---- the scenarios ------------------------------------------------------------

def edit_output_static(root, scenario):
    """Between builds: the copied picture is edited in the output (newer than
    its source)."""
    write(os.path.join(root, scenario.output, "images", "pic.txt"), "edited in output\n", STAMP_2030)


def edit_source_static(root, scenario):
    """Between builds: the source picture changes (newer than the copy)."""
    write(os.path.join(root, scenario.content, "images", "pic.txt"), "picture v2\n", STAMP_2030)
    os.utime(os.path.join(root, scenario.output, "images", "pic.txt"), (STAMP_2020, STAMP_2020))


SCENARIOS = [
    Scenario("retention", "DELETE_OUTPUT_DIRECTORY = True\nOUTPUT_RETENTION = ['.git', 'CNAME']\n"),
    Scenario("no-delete", "OUTPUT_RETENTION = ['.git']\n"),
    Scenario("flag-d", "OUTPUT_RETENTION = ['CNAME']\n", flags=["-d"]),
    Scenario("output-holds-content", "DELETE_OUTPUT_DIRECTORY = True\n", output="out",
             content="out/content", settings_file="pelicanconf.py"),
    Scenario("output-holds-settings", "DELETE_OUTPUT_DIRECTORY = True\n", output="out",
             settings_file="out/pelicanconf.py", pelican=False),
    Scenario("check-modified-kept", "STATIC_CHECK_IF_MODIFIED = True\n", rebuild=edit_output_static),
    Scenario("check-modified-source-newer", "STATIC_CHECK_IF_MODIFIED = True\n", rebuild=edit_source_static),
    Scenario("no-check-modified", "", rebuild=edit_output_static),
    Scenario("create-links", "STATIC_CREATE_LINKS = True\n", rebuild=edit_source_static),
]


def expectations(scenario, root, files, log):
    """Problems with stacks' result against what Pelican's code does (by hand)."""
    problems = []

    def need(condition, what):
        if not condition:
            problems.append(what)

    name = scenario.name
    if name == "retention":
        need(".git/HEAD" in files and ".git/objects/ab" in files and "CNAME" in files, "retained files are gone")
        need("stale.html" not in files and "olddir/old.html" not in files, "stale files survived")
    elif name == "no-delete":
        need("stale.html" in files and "olddir/old.html" in files, "files deleted without DELETE_OUTPUT_DIRECTORY")
    elif name == "flag-d":
        need("CNAME" in files and ".git/HEAD" not in files and "stale.html" not in files,
             "-d did not delete (or did not retain CNAME)")
    elif name in ("output-holds-content", "output-holds-settings"):
        need("stale.html" in files and ".git/HEAD" in files, "the output folder was cleaned")
        kept = "content/kept.md" if name == "output-holds-content" else "pelicanconf.py"
        need(kept in files, kept + " was deleted")
        need("DELETE_OUTPUT_DIRECTORY" in log and "warning" in log.lower(), "no warning about the refusal")
    elif name == "check-modified-kept":
        need(files.get("images/pic.txt") == b"edited in output\n", "an up-to-date copy was copied again")
    elif name == "check-modified-source-newer":
        need(files.get("images/pic.txt") == b"picture v2\n", "a newer source was not copied")
    elif name == "no-check-modified":
        need(files.get("images/pic.txt") == b"picture v1\n", "the copy was not refreshed")
    elif name == "create-links":
        source = os.path.join(root, scenario.content, "images", "pic.txt")
        copy = os.path.join(root, scenario.output, "images", "pic.txt")
        need(os.path.samefile(source, copy), "the static file is not a link to its source")
    return problems


def check(scenario, stacks, keep):
    """'' when stacks behaves as Pelican and as expected, else what is wrong."""
    base = keep or tempfile.mkdtemp(prefix="retention-")
    roots = {tool: os.path.join(base, scenario.name, tool) for tool in ("pelican", "stacks")}
    for root in roots.values():
        if os.path.isdir(root):
            shutil.rmtree(root)
    try:
        status, log = build("stacks", stacks, roots["stacks"], scenario)
        if status != 0:
            return "stacks failed: " + log.strip()[-300:]
        output = os.path.join(roots["stacks"], scenario.output)
        files = listing(output)
        problems = expectations(scenario, roots["stacks"], files, log)
        if scenario.pelican:
            p_status, p_log = build("pelican", stacks, roots["pelican"], scenario)
            if p_status != 0:
                return "Pelican failed: " + p_log.strip()[-300:]
            reference = listing(os.path.join(roots["pelican"], scenario.output))
            # Pelican's own expectations hold for Pelican too (the test can fail).
            for problem in expectations(scenario, roots["pelican"], reference, p_log + " DELETE_OUTPUT_DIRECTORY warning"):
                problems.append("(Pelican!) " + problem)
            if sorted(reference) != sorted(files):
                problems.append("file lists differ: only Pelican %s, only stacks %s" % (
                    sorted(set(reference) - set(files))[:5], sorted(set(files) - set(reference))[:5]))
            else:
                problems += ["%s differs from Pelican's" % path for path in sorted(files) if files[path] != reference[path]]
        return "; ".join(problems)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stacks", required=True)
    parser.add_argument("--keep", help="build under this folder and keep it")
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    stacks = os.path.abspath(args.stacks)
    failures = 0
    for scenario in SCENARIOS:
        if args.only and scenario.name not in args.only:
            continue
        problem = check(scenario, stacks, os.path.abspath(args.keep) if args.keep else None)
        failures += bool(problem)
        print("%-30s %s" % (scenario.name, "ok" if not problem else "FAIL: " + problem))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
