#!/usr/bin/python3
"""Whole-site build times: stacks against Pelican 4.8 and Hugo on the same
corpus, in the same run.

    /usr/bin/python3 bench/site_bench.py --stacks build/src/cli/stacks
        [--articles 1000 10000] [--rounds 3] [--tools stacks pelican hugo]
        [--workdir /tmp/stacks-site-bench] [--json FILE]

For each size the corpus of ../shared/bench/gen_corpus.py is generated once
in both forms (pelican, hugo). Each round runs every tool once, in turn
(alternating, so a slow patch of the machine hits them all), as a child
process whose wall time and peak RSS (wait4's ru_maxrss) are recorded:

  full     output folder (and stacks' content cache) removed first: a clean
           build
  rebuild  the same build again with nothing changed: stacks runs with
           CACHE_CONTENT and LOAD_CONTENT_CACHE (-e), so it finds its build
           manifest (cache folder) matching every input and output and
           stops (with anything changed it would read its content cache
           and rewrite only changed files); the script counts the output
           files whose mtime changed (should be 0). The peers
           are timed for the full build only unless --rebuild-tools names
           them.

The table gives medians over the rounds, peak RSS and the ratios peer /
stacks; --peer-rounds N times the peers N rounds only (Pelican takes ~75 s
a build at 10k articles). With more than one size a scaling line gives
stacks' seconds per 1,000 articles for each size (linear: about equal).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def find_generator():
    for candidate in (os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"),
                      "/work/shared/bench/gen_corpus.py"):
        if os.path.exists(candidate):
            return os.path.abspath(candidate)
    sys.exit("site_bench: gen_corpus.py not found (../shared/bench)")


def generate(workdir, articles, form):
    out = os.path.join(workdir, f"{form}-{articles}")
    marker = os.path.join(out, ".complete")
    if not os.path.exists(marker):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["/usr/bin/python3", find_generator(), "--articles", str(articles),
                        "--format", form, "--out", out], check=True, stdout=subprocess.DEVNULL)
        open(marker, "w").close()
    return out


def commands(tool, stacks_bin, pelican_site, hugo_site):
    """(command, cwd, output folder) for one tool."""
    if tool == "stacks":
        out = os.path.join(pelican_site, "out-stacks")
        cache = os.path.join(pelican_site, "cache-stacks")
        return ([stacks_bin, "build", "content", "-s", "pelicanconf.py", "-o", out, "-q",
                 "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f"CACHE_PATH={json.dumps(cache)}"],
                pelican_site, out)
    if tool == "pelican":
        out = os.path.join(pelican_site, "out-pelican")
        return (["/usr/bin/python3", "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", out, "-q"],
                pelican_site, out)
    if tool == "hugo":
        out = os.path.join(hugo_site, "out")
        return (["hugo", "--quiet", "--source", hugo_site, "-d", out], hugo_site, out)
    raise ValueError(tool)


def run_measured(cmd, cwd):
    """Runs cmd; returns (wall seconds, peak RSS in MB). Fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"site_bench: {' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def mtimes(folder):
    stamps = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            stamps[path] = os.stat(path).st_mtime_ns
    return stamps


def rewritten(before, after):
    return sum(1 for path, stamp in after.items() if before.get(path) != stamp)


def bench_size(args, articles):
    pelican_site = generate(args.workdir, articles, "pelican")
    hugo_site = generate(args.workdir, articles, "hugo") if "hugo" in args.tools else None
    results = {tool: {"full": [], "rebuild": [], "rss_full": [], "rss_rebuild": [], "rewritten": [], "files": 0}
               for tool in args.tools}
    for round_no in range(1, args.rounds + 1):
        for tool in args.tools:
            if tool != "stacks" and args.peer_rounds is not None and round_no > args.peer_rounds:
                continue
            cmd, cwd, out = commands(tool, args.stacks, pelican_site, hugo_site)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(os.path.join(pelican_site, "cache-stacks"), ignore_errors=True)
            wall, rss = run_measured(cmd, cwd)
            results[tool]["full"].append(wall)
            results[tool]["rss_full"].append(rss)
            note = ""
            if tool in args.rebuild_tools:
                before = mtimes(out)
                wall2, rss2 = run_measured(cmd, cwd)
                after = mtimes(out)
                results[tool]["rebuild"].append(wall2)
                results[tool]["rss_rebuild"].append(rss2)
                results[tool]["rewritten"].append(rewritten(before, after))
                results[tool]["files"] = len(after)
                note = f", rebuild {wall2:.2f} s ({rss2:.0f} MB, {rewritten(before, after)} of {len(after)} files rewritten)"
            print(f"  {articles} articles, round {round_no}, {tool}: full {wall:.2f} s ({rss:.0f} MB){note}", flush=True)
    return results


def median(values):
    return statistics.median(values) if values else float("nan")


def print_table(articles, results):
    print(f"\n{articles} articles (medians; rounds per tool: "
          + ", ".join(f"{tool} {len(r['full'])}" for tool, r in results.items()) + ")")
    print(f"  {'tool':8} {'full s':>8} {'peak MB':>8} {'rebuild s':>10} {'rebuild MB':>10} {'rewritten':>10} "
          f"{'full vs stacks':>15}")
    base = median(results["stacks"]["full"]) if "stacks" in results else None
    for tool, r in results.items():
        full = median(r["full"])
        ratio = f"{full / base:.1f}x" if base else "-"
        rebuild = f"{median(r['rebuild']):.3f}" if r["rebuild"] else "-"
        rebuild_mb = f"{max(r['rss_rebuild']):.0f}" if r["rss_rebuild"] else "-"
        rewritten_files = f"{max(r['rewritten'])}/{r['files']}" if r["rewritten"] else "-"
        print(f"  {tool:8} {full:8.3f} {max(r['rss_full']):8.0f} {rebuild:>10} {rebuild_mb:>10} "
              f"{rewritten_files:>10} {ratio:>15}")


def print_scaling(everything):
    if "stacks" not in next(iter(everything.values())) or len(everything) < 2:
        return
    print("\nscaling (stacks, full build): " + ", ".join(
        f"{n}: {median(r['stacks']['full']):.2f} s = {1000 * median(r['stacks']['full']) / n:.3f} s per 1k, "
        f"{max(r['stacks']['rss_full']):.0f} MB" for n, r in everything.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", default=os.path.join(ROOT, "build", "src", "cli", "stacks"))
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=["stacks", "pelican", "hugo"])
    parser.add_argument("--rebuild-tools", nargs="*", default=["stacks"])
    parser.add_argument("--peer-rounds", type=int, help="rounds for the peers (default: --rounds)")
    parser.add_argument("--workdir", default="/tmp/stacks-site-bench")
    parser.add_argument("--json")
    args = parser.parse_args()
    args.stacks = os.path.abspath(args.stacks)
    if "hugo" in args.tools and shutil.which("hugo") is None:
        sys.exit("site_bench: hugo is not installed (Debian package hugo)")
    os.makedirs(args.workdir, exist_ok=True)
    everything = {}
    for articles in args.articles:
        everything[articles] = bench_size(args, articles)
        print_table(articles, everything[articles])
    print_scaling(everything)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(everything, fh, indent=1)


if __name__ == "__main__":
    main()
