#!/usr/bin/python3
"""Whole-site comparison of stacks against Pelican 4.8 (issue 4's acceptance).

  run_sites.py --stacks BIN [--mode fixtures|samples|seedsite|all] [--work DIR]
               [--only NAME] [--themes simple,notmyidea] [--min-equal PERCENT]
               [--details] [--json FILE]
  run_sites.py --candidate pelican ...    check the harness: Pelican against itself
  run_sites.py --check-fixtures           every fixture builds with Pelican, no warning,
                                          and the same with another hash seed

Modes:
- fixtures: every tests/site/fixtures/<name> (content/ + pelicanconf.py, and
  optionally mtimes.json) with each theme, both tools working in the fixture's
  folder (so relative THEME_TEMPLATES_OVERRIDES resolve there). The reference is Pelican's build,
  cached under WORK/pelican/ by a hash of every input, so reruns are fast.
  Files are compared strictly (compare_sites.py's default rules).
- samples: Pelican's functional-test samples with the basic, custom and
  custom_locale settings (see shared/conformance/pelican/README.md), compared
  with the expected trees under the upstream rule (whitespace ignored, omitted
  copies by checksum). Expected files that depend on reStructuredText are out of
  reach and listed apart. The dependence is measured, not guessed: Pelican builds
  the samples again with the rst_taint plugin (pelican_shims/rst_taint.py), which
  marks what the reST reader returns, once marking only the bodies, once the
  bodies and the metadata, and once dropping the reST reader; an output that
  changes depends on reST (on its bodies; or only on text docutils parsed from
  its metadata: titles, categories, tags...; or only on reST files existing,
  e.g. pictures copied because a reST article links them).
- seedsite: the reference blog with its own settings and the simple theme,
  plugins off (pelicanconf.py; and publishconf.py, which adds feeds and
  absolute URLs). Both tools get the same overrides: PLUGINS=[] and
  SEARCH_SAVE_AS="" (the blog lists a `search` direct template that only its
  own theme has).

Inputs are copied under WORK/inputs with fixed modification times (so
DEFAULT_DATE = 'fs' is reproducible), and both tools run with LC_ALL=C and
TZ=UTC from an empty working folder. Locales the sites name (fr_FR.UTF-8,
en_US.UTF-8, en_US.ISO-8859-1, de_DE.UTF-8) are compiled with localedef into
WORK/locales when the system lacks them and given to both tools through LOCPATH.

The table has one row per site and theme; the exit status is 0 when the share
of equal files over all rows reaches --min-equal (default 100) and stacks
printed no warning or error for any fixture (Pelican prints none for them).
"""
import argparse
import collections
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import compare_sites  # noqa: E402
import pelican_build  # noqa: E402

SHARED = os.path.abspath(os.path.join(REPO, "..", "shared", "conformance"))
FIXTURES = os.path.join(HERE, "fixtures")
THEMES = ("simple", "notmyidea")
DEFAULT_MTIME = "2020-01-01T00:00:00"
STACKS_TIMEOUT = 600
LOCALES = (("fr_FR", "UTF-8", ("fr_FR.UTF-8", "fr_FR.utf8")),
           ("en_US", "UTF-8", ("en_US.UTF-8", "en_US.utf8")),
           ("en_US", "ISO-8859-1", ("en_US.ISO-8859-1", "en_US.iso88591")),
           ("de_DE", "UTF-8", ("de_DE.UTF-8", "de_DE.utf8")))
SEEDSITE_OVERRIDES = {"PLUGINS": [], "SEARCH_SAVE_AS": ""}
UNRESOLVED_LINK = re.compile(r"Unable to find .*skipping url replacement")
CANDIDATE_WARNING = re.compile(r"^(?:\S+: )?(?:warning|error): .*$", re.MULTILINE)


class Job:
    """One site built with one theme by both tools, then compared."""

    def __init__(self, name, theme, content, settings=None, overrides=None, source_dir=None,
                 expected=None, ignore_whitespace=False, settings_cwd=False, mtimes=None, fixture=False):
        self.name = name
        self.theme = theme
        self.content = content
        self.settings = settings
        self.overrides = overrides or {}
        self.source_dir = source_dir
        self.expected = expected
        self.ignore_whitespace = ignore_whitespace
        self.settings_cwd = settings_cwd
        self.mtimes = mtimes or {}
        self.fixture = fixture

    @property
    def label(self):
        return "%s/%s" % (self.name, self.theme)

    def theme_path(self):
        return os.path.join(SHARED, "pelican", "themes", self.theme)

    def cwd(self):
        return os.path.dirname(self.settings) if self.settings_cwd else None


# ---------------------------------------------------------------------------
# Inputs: copies with fixed modification times, and a digest of everything
# that can change Pelican's output (for the cache).

def parse_mtime(text):
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def copy_with_mtimes(source, destination, mtimes):
    """Copy source to destination; every file gets DEFAULT_MTIME unless mtimes names it."""
    if os.path.isdir(destination):
        shutil.rmtree(destination)
    shutil.copytree(source, destination, symlinks=True)
    default = parse_mtime(DEFAULT_MTIME)
    for folder, _, files in os.walk(destination):
        for name in files:
            os.utime(os.path.join(folder, name), (default, default), follow_symlinks=False)
    for relative, moment in mtimes.items():
        stamp = parse_mtime(moment)
        os.utime(os.path.join(destination, relative), (stamp, stamp))


def tree_digest(digest, root):
    if os.path.isfile(root):
        digest.update(root.encode() + b"\0" + compare_sites.read_bytes(root))
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, root).encode() + b"\0")
            digest.update(compare_sites.read_bytes(path) if not os.path.islink(path) else os.readlink(path).encode())


def job_digest(job, extra=""):
    digest = hashlib.sha256()
    for root in (job.source_dir or job.content, job.settings or "", job.theme_path(),
                 os.path.join(HERE, "pelican_build.py"), os.path.join(HERE, "pelican_shims"),
                 os.path.join(REPO, "tests", "markdown", "oracle", "gh_emoji.py"),
                 os.path.join(REPO, "data", "github-emojis.json")):
        if root and os.path.exists(root):
            tree_digest(digest, root)
    digest.update(json.dumps([job.overrides, job.mtimes, DEFAULT_MTIME, extra, pelican_version(),
                              os.environ.get("LOCPATH", "")], sort_keys=True).encode())
    return digest.hexdigest()[:20]


_PELICAN_VERSION = []


def pelican_version():
    if not _PELICAN_VERSION:
        out = subprocess.run([pelican_build.PYTHON, "-m", "pelican", "--version"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        _PELICAN_VERSION.append(out.strip())
    return _PELICAN_VERSION[0]


# ---------------------------------------------------------------------------
# Locales the samples and the i18n fixture use.

def locale_available(names):
    probe = "import locale,sys\nfor n in sys.argv[1:]:\n try: locale.setlocale(locale.LC_ALL, n); sys.exit(0)\n" \
            " except locale.Error: pass\nsys.exit(1)"
    return subprocess.run([pelican_build.PYTHON, "-c", probe] + list(names)).returncode == 0


def prepare_locales(work):
    """Compile missing locales into WORK/locales and point LOCPATH there."""
    missing = [entry for entry in LOCALES if not locale_available(entry[2][:1])]
    if not missing:
        return []
    folder = os.path.join(work, "locales")
    os.makedirs(folder, exist_ok=True)
    os.environ["LOCPATH"] = folder
    problems = []
    for source, charset, names in missing:
        target = os.path.join(folder, names[0])
        if not os.path.isdir(target):
            result = subprocess.run(["localedef", "-i", source, "-f", charset, target],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if not os.path.isdir(target):
                problems.append("%s: %s" % (names[0], result.stdout.strip()[-200:]))
                continue
        for alias in names[1:]:
            if not os.path.lexists(os.path.join(folder, alias)):
                os.symlink(names[0], os.path.join(folder, alias))
    return problems


# ---------------------------------------------------------------------------
# Building.

def pelican_reference(job, work, overrides=None, tag="", fresh=False):
    """Pelican's output for the job, from the cache when its inputs are unchanged."""
    overrides = dict(job.overrides, **(overrides or {}))
    key = job_digest(job, json.dumps([overrides, tag], sort_keys=True))
    output = os.path.join(work, "pelican", "%s-%s%s-%s" % (job.name, job.theme, tag, key))
    marker = output + ".done"
    if os.path.exists(marker) and not fresh:
        with open(marker, encoding="utf-8") as handle:
            return output, int(handle.readline()), handle.read()
    if fresh:
        output = os.path.join(work, "pelican-fresh", "%s-%s%s" % (job.name, job.theme, tag))
    else:
        drop_stale_cache_entries(output)
    status, log = pelican_build.build(job.content, output, job.theme_path(), job.settings, overrides,
                                      cwd=job.cwd())
    if not fresh:
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write("%d\n%s" % (status, log))
    return output, status, log


def drop_stale_cache_entries(output):
    """Remove cached builds of the same site, theme and tag made from other inputs."""
    folder, name = os.path.split(output)
    prefix = name[:name.rindex("-") + 1]
    if not os.path.isdir(folder):
        return
    for entry in os.listdir(folder):
        stem = entry[:-len(".done")] if entry.endswith(".done") else entry
        if stem.startswith(prefix) and re.fullmatch(r"[0-9a-f]{20}", stem[len(prefix):]) and stem != name:
            path = os.path.join(folder, entry)
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)


def stacks_command(binary, job, output, extra_args=()):
    command = [binary, "build", job.content, "-o", output, "-t", job.theme_path()] + list(extra_args)
    if job.settings:
        command += ["-s", job.settings]
    for key, value in job.overrides.items():
        command += ["-e", "%s=%s" % (key, json.dumps(value))]
    return command


def stacks_build(binary, job, work, extra_args=()):
    output = os.path.join(work, "stacks", "%s-%s" % (job.name, job.theme))
    if os.path.isdir(output):
        shutil.rmtree(output)
    os.makedirs(output)
    empty = os.path.join(work, "empty-cwd")
    os.makedirs(empty, exist_ok=True)
    env = pelican_build.pelican_environment("C")
    try:
        process = subprocess.run(stacks_command(binary, job, output, extra_args), cwd=job.cwd() or empty, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=STACKS_TIMEOUT)
        log = process.stdout.decode("utf-8", "replace")
        status = process.returncode
    except subprocess.TimeoutExpired:
        status, log = -1, "timed out after %d s" % STACKS_TIMEOUT
    except OSError as error:
        status, log = -1, str(error)
    return output, status, log


def candidate_build(args, job, work):
    if args.candidate == "pelican":
        theme = args.candidate_theme or job.theme
        twin = Job(job.name, theme, job.content, job.settings, job.overrides, job.source_dir,
                   settings_cwd=job.settings_cwd)
        return pelican_reference(twin, work, tag="-candidate", fresh=True)
    return stacks_build(args.stacks, job, work, shlex.split(args.stacks_args))


# ---------------------------------------------------------------------------
# Jobs of each mode.

def fixture_names(only):
    names = sorted(name for name in os.listdir(FIXTURES)
                   if os.path.isfile(os.path.join(FIXTURES, name, "pelicanconf.py")))
    return [name for name in names if not only or name in only]


def fixture_jobs(work, themes, only):
    jobs = []
    for name in fixture_names(only):
        source = os.path.join(FIXTURES, name)
        mtimes = {}
        if os.path.isfile(os.path.join(source, "mtimes.json")):
            with open(os.path.join(source, "mtimes.json"), encoding="utf-8") as handle:
                mtimes = json.load(handle)
        copy = os.path.join(work, "inputs", name)
        copy_with_mtimes(source, copy, mtimes)
        for theme in themes:
            jobs.append(Job(name, theme, os.path.join(copy, "content"), os.path.join(copy, "pelicanconf.py"),
                            source_dir=source, settings_cwd=True, mtimes=mtimes, fixture=True))
    return jobs


def sample_jobs(only):
    base = os.path.join(SHARED, "pelican")
    content = os.path.join(base, "samples", "content")
    variants = (("basic", None, {"LOCALE": "en_US.ISO8859-1"}),
                ("custom", "pelican.conf.py", {"LOCALE": "en_US.UTF-8"}),
                ("custom_locale", "pelican.conf_FR.py", {}))
    jobs = []
    for name, settings, overrides in variants:
        if only and name not in only:
            continue
        jobs.append(Job(name, "notmyidea", content,
                        os.path.join(base, "samples", settings) if settings else None, overrides,
                        expected=os.path.join(base, "expected", name), ignore_whitespace=True))
    return jobs


def seedsite_jobs(work, only):
    copy = os.path.join(work, "inputs", "seedsite")
    copy_with_mtimes(os.path.join(SHARED, "seedsite", "site"), copy, {})
    jobs = []
    for name, settings, cwd in (("seedsite", "pelicanconf.py", False), ("seedsite-publish", "publishconf.py", True)):
        if only and name not in only:
            continue
        jobs.append(Job(name, "simple", os.path.join(copy, "content"), os.path.join(copy, settings),
                        dict(SEEDSITE_OVERRIDES), source_dir=os.path.join(SHARED, "seedsite", "site"),
                        settings_cwd=cwd))
    return jobs


# ---------------------------------------------------------------------------
# reST dependence of the samples' outputs.

def rst_dependence(job, work):
    """{output path: kind} for the outputs of Pelican's build of a sample that
    depend on reST: 'rst-body' (they change when reST bodies are marked),
    'rst-metadata' (they change only when reST metadata is marked too),
    'rst-presence' (they change only when no reST file is read at all, e.g.
    pictures copied because a reST article links them)."""
    plugin = {"PLUGIN_PATHS": [os.path.join(HERE, "pelican_shims")], "PLUGINS": ["rst_taint"]}
    plain, _, _ = pelican_reference(job, work)
    dependence = {}
    for kind, mode in (("rst-presence", "drop"), ("rst-metadata", "all"), ("rst-body", "body")):
        tainted, _, _ = pelican_reference(job, work, dict(plugin, RST_TAINT=mode), tag="-rst" + mode)
        for result in compare_sites.compare_trees(plain, tainted):
            if result.verdict in (compare_sites.Verdict.DIFFERENT, compare_sites.Verdict.MISSING):
                dependence[result.path] = kind
    return dependence


# ---------------------------------------------------------------------------
# Running and reporting.

def difference_category(result):
    """A coarse label that groups similar differences across files: the
    verdict and top folder for missing/extra files; for a content difference,
    the last two steps of the DOM/XML path and what differs there."""
    if result.verdict in (compare_sites.Verdict.MISSING, compare_sites.Verdict.EXTRA):
        folder = result.path.split("/")[0] + "/" if "/" in result.path else "(top folder)"
        return "%s files in %s" % (result.verdict, folder)
    match = re.match(r"(DOM|XML) (\S*?): (.*)", result.detail)
    if not match:
        return "%s: %s" % (os.path.splitext(result.path)[1] or "file", re.sub(r"\d+", "N", result.detail)[:50])
    steps = [re.sub(r"\{[^}]*\}|\[\d+\]$", "", step) for step in match.group(2).split("/") if step]
    what = match.group(3)
    word = re.match(r"(text|attributes|missing|extra|comment|doctype)\b", what)
    if word:
        kind = word.group(1)
        if kind in ("missing", "extra"):
            kind += " " + re.sub(r"'<(\w+).*", r"<\1>", what.split(" ", 1)[1])[:30]
    else:
        kind = "element " + re.sub(r"'<(\w+)[^']*'", r"<\1>", what)[:40]
    return "%s %s: %s" % (match.group(1), "/".join(steps[-2:]), kind)


def run_job(args, job, work):
    row = {"site": job.name, "theme": job.theme}
    if job.expected:
        reference = job.expected
        _, ref_status, ref_log = pelican_reference(job, work)  # for its warnings
    else:
        reference, ref_status, ref_log = pelican_reference(job, work)
    row["pelican_status"] = ref_status
    if ref_status != 0:
        row["error"] = "Pelican failed: " + ref_log.strip()[-300:]
    candidate, status, log = candidate_build(args, job, work)
    row["candidate_status"] = status
    row["candidate_log_tail"] = log.strip()[-400:]
    if job.fixture:
        # A fixture builds with Pelican without a warning (--check-fixtures);
        # stacks must not warn either.
        row["unexpected_messages"] = CANDIDATE_WARNING.findall(log)
    row["unresolved_links"] = {"pelican": len(UNRESOLVED_LINK.findall(ref_log)),
                               "candidate": len(UNRESOLVED_LINK.findall(log))}
    results = compare_sites.compare_trees(reference, candidate, job.ignore_whitespace)
    if job.expected:
        dependence = rst_dependence(job, work)
        row["out_of_reach"] = {r.path: dependence[r.path] for r in results if r.path in dependence}
        out_of_reach = [r for r in results if r.path in dependence]
        results = [r for r in results if r.path not in dependence]
        row["out_of_reach_summary"] = compare_sites.summarize(out_of_reach)
    row["summary"] = compare_sites.summarize(results)
    row["files"] = [r.as_dict() for r in results]
    row["categories"] = collections.Counter(difference_category(r) for r in results
                                            if r.verdict != compare_sites.Verdict.EQUAL)
    return row


def print_table(rows):
    header = "%-22s %-10s %6s %6s %6s %7s %6s %7s  %s" % (
        "site", "theme", "files", "equal", "diff", "missing", "extra", "%equal", "build")
    print(header)
    print("-" * len(header))
    for row in rows:
        s = row["summary"]
        build = "ok" if row["candidate_status"] == 0 else "exit %s" % row["candidate_status"]
        if row.get("error"):
            build += " (reference failed)"
        print("%-22s %-10s %6d %6d %6d %7d %6d %7.1f  %s" % (
            row["site"], row["theme"], s["total"], s["equal"], s["different"], s["missing"], s["extra"],
            s["percent_equal"], build))
    total = total_summary(rows)
    print("-" * len(header))
    print("%-33s %6d %6d %6d %7d %6d %7.1f" % ("TOTAL", total["total"], total["equal"], total["different"],
                                                total["missing"], total["extra"], total["percent_equal"]))


def total_summary(rows):
    counts = {verdict: sum(row["summary"][verdict] for row in rows) for verdict in compare_sites.Verdict.ALL}
    counts["total"] = sum(counts.values())
    counts["percent_equal"] = round(100.0 * counts["equal"] / counts["total"], 2) if counts["total"] else 100.0
    return counts


def print_unresolved_links(rows):
    """Pelican's 'Unable to find ... skipping url replacement' warnings, per build."""
    for row in rows:
        counts = row["unresolved_links"]
        if counts["pelican"] or counts["candidate"]:
            print("%s/%s: unresolved intra-site links: Pelican %d, candidate %d" % (
                row["site"], row["theme"], counts["pelican"], counts["candidate"]))


def print_unexpected_messages(rows):
    """Warnings and errors stacks printed for a fixture (Pelican prints none)."""
    for row in rows:
        for line in row.get("unexpected_messages", [])[:5]:
            print("%s/%s: unexpected message: %s" % (row["site"], row["theme"], line[:300]))


def print_out_of_reach(rows):
    for row in rows:
        if "out_of_reach" not in row:
            continue
        kinds = collections.Counter(row["out_of_reach"].values())
        print("%s: %d expected files depend on reST and are out of reach (%d on reST bodies, %d only on "
              "text docutils parsed from reST metadata, %d only on reST files being read); their "
              "comparison: %s" % (
                  row["site"], len(row["out_of_reach"]), kinds["rst-body"], kinds["rst-metadata"],
                  kinds["rst-presence"], compare_sites.summary_line(row["out_of_reach_summary"])))
        if row.get("show_list"):
            for path, kind in sorted(row["out_of_reach"].items()):
                print("    %-13s %s" % (kind, path))


def print_details(rows, limit):
    for row in rows:
        bad = [f for f in row["files"] if f["verdict"] != "equal"]
        if not bad:
            continue
        print("\n== %s/%s: %d not equal" % (row["site"], row["theme"], len(bad)))
        if row["candidate_status"] != 0:
            print("   build log tail: " + row["candidate_log_tail"].replace("\n", "\n   "))
        for entry in bad[:limit]:
            print("   %-9s  %s%s" % (entry["verdict"], entry["path"],
                                     "  -- " + entry["detail"] if entry["detail"] else ""))
        if len(bad) > limit:
            print("   ... %d more" % (len(bad) - limit))


def print_categories(rows, limit):
    total = collections.Counter()
    for row in rows:
        total.update(row["categories"])
    if not total:
        return
    print("\nTop categories of differences (files):")
    for category, count in total.most_common(limit):
        print("  %5d  %s" % (count, category))


def check_fixtures(work, themes, only):
    """Build every fixture with Pelican, warnings fatal, then again with another
    hash seed (the output must not depend on it); True when all is well."""
    good = True
    for job in fixture_jobs(work, themes, only):
        output = os.path.join(work, "check", job.label)
        status, log = pelican_build.build(job.content, output, job.theme_path(), job.settings, fatal="warnings",
                                          cwd=job.cwd())
        _, _ = pelican_build.build(job.content, output + "-seed", job.theme_path(), job.settings, hash_seed="4242",
                                   cwd=job.cwd())
        unstable = [r.path for r in compare_sites.compare_trees(output, output + "-seed")
                    if r.verdict != compare_sites.Verdict.EQUAL]
        last = log.strip().splitlines()[-1] if log.strip() else ""
        verdict = "ok  " if status == 0 and not unstable else "FAIL"
        if unstable:
            last = "output depends on the hash seed: " + ", ".join(unstable[:5])
        print("%-28s %s  %s" % (job.label, verdict, last[:120]))
        good = good and verdict == "ok  "
    return good


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stacks", metavar="BIN", help="the stacks binary")
    parser.add_argument("--stacks-args", default="", metavar="ARGS",
                        help="more arguments for `stacks build`, e.g. '-j 1'")
    parser.add_argument("--candidate", choices=("stacks", "pelican"), default="stacks",
                        help="what to check; 'pelican' tests the harness itself")
    parser.add_argument("--candidate-theme", help="with --candidate pelican: build the candidate with this theme")
    parser.add_argument("--mode", choices=("fixtures", "samples", "seedsite", "all"), default="fixtures")
    parser.add_argument("--work", default=os.path.join(REPO, "build-sitetest", "sites"),
                        help="folder for inputs, builds and the Pelican cache")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="only this site (repeatable)")
    parser.add_argument("--themes", default=",".join(THEMES), help="themes for the fixtures")
    parser.add_argument("--min-equal", type=float, default=100.0, metavar="PERCENT")
    parser.add_argument("--details", action="store_true", help="list the files that are not equal")
    parser.add_argument("--limit", type=int, default=40, help="files listed per site with --details")
    parser.add_argument("--list-out-of-reach", action="store_true", help="samples: list the reST-dependent files")
    parser.add_argument("--json", metavar="FILE", help="write every result to FILE")
    parser.add_argument("--check-fixtures", action="store_true")
    args = parser.parse_args(argv)
    if args.candidate == "stacks" and not args.stacks and not args.check_fixtures:
        parser.error("--stacks BIN is required (or --candidate pelican)")
    if args.stacks:
        args.stacks = os.path.abspath(args.stacks)
    return args


def main(argv=None):
    args = parse_arguments(argv)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    themes = [theme for theme in args.themes.split(",") if theme]
    for problem in prepare_locales(work):
        print("warning: could not compile locale %s" % problem, file=sys.stderr)
    if args.check_fixtures:
        return 0 if check_fixtures(work, themes, args.only) else 1
    jobs = []
    if args.mode in ("fixtures", "all"):
        jobs += fixture_jobs(work, themes, args.only)
    if args.mode in ("samples", "all"):
        jobs += sample_jobs(args.only)
    if args.mode in ("seedsite", "all"):
        jobs += seedsite_jobs(work, args.only)
    rows = []
    for job in jobs:
        row = run_job(args, job, work)
        row["show_list"] = args.list_out_of_reach
        rows.append(row)
    print_table(rows)
    print_unresolved_links(rows)
    print_unexpected_messages(rows)
    print_out_of_reach(rows)
    print_categories(rows, 15)
    if args.details:
        print_details(rows, args.limit)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"rows": rows, "total": total_summary(rows)}, handle, indent=1, default=str)
    total = total_summary(rows)
    reference_failed = any(row.get("error") for row in rows)
    if reference_failed:
        print("error: a Pelican reference build failed", file=sys.stderr)
    unexpected = any(row.get("unexpected_messages") for row in rows)
    if unexpected:
        print("error: stacks printed warnings or errors for a fixture", file=sys.stderr)
    return 0 if total["percent_equal"] >= args.min_equal and not reference_failed and not unexpected else 1


if __name__ == "__main__":
    sys.exit(main())
