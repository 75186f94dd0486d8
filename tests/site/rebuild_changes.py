#!/usr/bin/python3
"""Rebuilds with the content cache and the build manifest on (issue 6): a
rebuild with nothing changed must stop at once and rewrite nothing; any
change must give what a clean build of the changed site gives.

    rebuild_changes.py --stacks BIN [--keep DIR] [--only NAME]

A copy of the fixture tests/site/fixtures/static_status (drafts, a future
article, static files, {attach} links, template pages, copied sources) is
built with a copy of themes/default, with CACHE_CONTENT, LOAD_CONTENT_CACHE
and --timings. Then:
- a rebuild with nothing changed must report the manifest check ("outputs
  unchanged"), leave every output file as it was (same mtime and inode) and
  print the same summary line (seconds left out) as the full build;
- for each change (a content file edited with the same size, one added, one
  deleted, a template touched, a template edited, a setting of
  pelicanconf.py changed, a -e override changed, an output file deleted,
  one modified, a static file changed, a theme static file added, an article
  dated a few seconds ahead turning due) the rebuild must not take the fast
  path, and the output folder must equal, byte for byte, the folder as it
  was after the change with a clean build of the changed site laid over it
  (a clean build in another folder, without the cache: Pelican never deletes
  stale outputs, so files no longer produced stay as they were); the next
  rebuild must take the fast path again.
Prints one line per step; exit 1 on any failure.
"""
import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, "fixtures", "static_status")
THEME = os.path.join(ROOT, "themes", "default")
# Timestamps are as fine as the kernel's clock tick: a change made in the
# same tick as a build's start stops that build writing its manifest, so
# the test waits a little after each change.
SETTLE = 0.05


class Site:
    def __init__(self, stacks, folder):
        self.stacks = stacks
        self.folder = folder
        self.extra = []  # -e overrides besides the cache settings
        shutil.copytree(os.path.join(FIXTURE, "content"), os.path.join(folder, "content"))
        shutil.copy(os.path.join(FIXTURE, "pelicanconf.py"), os.path.join(folder, "pelicanconf.py"))
        shutil.copytree(THEME, os.path.join(folder, "theme"))

    def path(self, *parts):
        return os.path.join(self.folder, *parts)

    def run(self, output, cached):
        cache = ["CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", 'CACHE_PATH="cache"'] if cached else \
                ["CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false", 'CACHE_PATH="cache-clean"']
        cmd = [self.stacks, "build", "content", "-s", "pelicanconf.py", "-o", output, "-t", "theme", "-q",
               "--timings", "-j", "2", "-e"] + cache + self.extra
        proc = subprocess.run(cmd, cwd=self.folder, capture_output=True, text=True)
        if proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}")
        return proc

    def build(self):
        return self.run("out", True)

    def clean_build(self):
        shutil.rmtree(self.path("clean"), ignore_errors=True)
        self.run("clean", False)
        return tree(self.path("clean"))


def tree(folder):
    """{relative path: bytes} of every file under folder."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(root, name)
            with open(full, "rb") as fh:
                files[os.path.relpath(full, folder)] = fh.read()
    return files


def stamps(folder):
    """{relative path: (mtime_ns, inode)} of every file under folder."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), folder)] = (st.st_mtime_ns, st.st_ino)
    return out


def summary(proc):
    line = [l for l in proc.stdout.splitlines() if l.startswith("Done: Processed")]
    if len(line) != 1:
        raise AssertionError(f"no summary line in {proc.stdout!r}")
    return re.sub(r" in [0-9.]+ seconds\.$", "", line[0])


def took_fast_path(proc):
    return re.search(r"check build manifest .* outputs unchanged", proc.stderr) is not None


def rewrite(path, old, new):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if old not in text:
        raise AssertionError(f"{old!r} not in {path}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))


# ---- the changes -------------------------------------------------------------------

def edit_same_size(site):
    path = site.path("content", "posts", "second.md")
    size = os.path.getsize(path)
    rewrite(path, "Nothing attached.", "Nothing_attached.")
    if os.path.getsize(path) != size:
        raise AssertionError("the edit changed the size")


def add_content(site):
    with open(site.path("content", "posts", "added.md"), "w") as fh:
        fh.write("Title: Added later\nDate: 2024-07-01 10:00\nCategory: Notes\nTags: files\n\nA new one.\n")


def delete_content(site):
    os.remove(site.path("content", "posts", "hidden.md"))


def touch_template(site):
    path = site.path("theme", "templates", "article.html")
    os.utime(path, ns=(time.time_ns(), time.time_ns()))


def edit_template(site):
    rewrite(site.path("theme", "templates", "base.html"), "</body>", "<!-- edited --></body>")


def change_setting(site):
    rewrite(site.path("pelicanconf.py"), "SITENAME = 'Statuses'", "SITENAME = 'Statuses, renamed'")


def change_override(site):
    site.extra = ["DEFAULT_PAGINATION=1"]


def delete_output(site):
    os.remove(site.path("out", "index.html"))


def modify_output(site):
    path = site.path("out", "categories.html")
    with open(path, "rb") as fh:
        data = fh.read()
    with open(path, "wb") as fh:
        fh.write(data.replace(b"<", b"[", 1))


def change_static(site):
    with open(site.path("content", "images", "photo.png"), "ab") as fh:
        fh.write(b"\0more")


def add_theme_static(site):
    with open(site.path("theme", "static", "css", "added.css"), "w") as fh:
        fh.write("body { margin: 0 }\n")


def future_turns_due(site):
    """An article dated 2 s ahead: a draft now, published once its date passes."""
    due = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=2)
    with open(site.path("content", "posts", "soon.md"), "w") as fh:
        fh.write(f"Title: Soon\nDate: {due.isoformat()}\nCategory: Notes\n\nDue in two seconds.\n")
    time.sleep(SETTLE)
    first = site.build()
    if "drafts/soon.html" not in tree(site.path("out")):
        raise AssertionError("the future article is not a draft before its date")
    if not took_fast_path(site.build()):
        raise AssertionError("a rebuild before the future date did not take the fast path")
    del first
    time.sleep(max(0.0, (due - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) + 1.0)


CHANGES = [
    ("edit a content file (same size)", edit_same_size),
    ("add a content file", add_content),
    ("delete a content file", delete_content),
    ("touch a template", touch_template),
    ("edit a template", edit_template),
    ("change a setting in pelicanconf.py", change_setting),
    ("change a -e override", change_override),
    ("delete an output file", delete_output),
    ("modify an output file", modify_output),
    ("change a static file", change_static),
    ("add a theme static file", add_theme_static),
    ("a future-dated article falls due", future_turns_due),
]


# ---- the checks ------------------------------------------------------------------------

def check_no_change(site, reference_summary):
    before = stamps(site.path("out"))
    proc = site.build()
    if not took_fast_path(proc):
        raise AssertionError("the rebuild with nothing changed did not take the fast path:\n" + proc.stderr)
    after = stamps(site.path("out"))
    touched = sorted(p for p in after if before.get(p) != after[p])
    if touched or len(after) != len(before):
        raise AssertionError(f"the rebuild with nothing changed rewrote {touched[:5]} ({len(touched)} files)")
    if summary(proc) != reference_summary:
        raise AssertionError(f"summary {summary(proc)!r} differs from the full build's {reference_summary!r}")


def check_change(site, name, change):
    change(site)
    time.sleep(SETTLE)
    expected = tree(site.path("out"))
    proc = site.build()
    if took_fast_path(proc):
        raise AssertionError(f"{name}: the rebuild took the fast path")
    clean = site.clean_build()
    expected.update(clean)
    actual = tree(site.path("out"))
    differing = sorted(p for p in set(expected) | set(actual) if expected.get(p) != actual.get(p))
    if differing:
        raise AssertionError(f"{name}: the output differs from a clean build in {differing[:5]} "
                             f"({len(differing)} files)")
    check_no_change(site, summary(proc))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", required=True)
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--only", help="run only the changes whose name contains this")
    args = parser.parse_args()
    stacks = os.path.abspath(args.stacks)
    work = args.keep or tempfile.mkdtemp(prefix="stacks-rebuild-")
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    failures = 0
    try:
        site = Site(stacks, work)
        time.sleep(SETTLE)
        full = site.build()
        reference = summary(full)
        if site.clean_build() != tree(site.path("out")):
            raise AssertionError("the cached build differs from a clean one")
        check_no_change(site, reference)
        check_no_change(site, reference)  # the summary line is the same every time
        print("ok   no change: fast path, nothing rewritten, same summary line")
        for name, change in CHANGES:
            if args.only and args.only not in name:
                continue
            try:
                check_change(site, name, change)
                print(f"ok   {name}")
            except AssertionError as e:
                failures += 1
                print(f"FAIL {e}")
    except AssertionError as e:
        failures += 1
        print(f"FAIL {e}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"rebuild_changes: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
