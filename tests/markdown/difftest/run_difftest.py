#!/usr/bin/python3
"""Differential test: generated documents through Python-Markdown 3.4.1 (the
oracle) and through stacks, compared byte for byte.

    /usr/bin/python3 run_difftest.py --render BUILD/tests/markdown/markdown_render_batch \
        [--config examples/markdown.json] [--count 2000] [--seed 1] [--threshold 99.5] \
        [--work DIR] [--diagnose 300] [--highlight plain|pygments]

How it works:
1. gen_docs.py makes --count documents (deterministic seeds), each a list of
   blocks of a known kind.
2. This process renders all of them with Python-Markdown (a fresh Markdown
   object per document, as Pelican does); one run of markdown_render_batch
   renders them with stacks.
3. Each differing document (up to --diagnose of them) is split into its
   blocks, and every block is rendered alone on both sides. The kinds of the
   blocks that still differ alone name the difference; when none does, the
   difference comes from blocks acting on each other ("interaction"). Crashes
   and timeouts are their own kinds.
4. Prints "markdown difftest: N/M byte-identical (P%)", the kinds with counts
   and a sample each, writes every difference under WORK/diffs, and exits 1
   when P is below --threshold.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "markdown", "oracle"))

import gen_docs  # noqa: E402
import oracle_markdown  # noqa: E402


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def render_stacks(render_bin, config_path, in_dir, out_dir):
    """Runs the batch renderer; returns {name: ("html"|"error", text)}."""
    shutil.rmtree(out_dir, ignore_errors=True)
    subprocess.run([render_bin, config_path, in_dir, out_dir], check=True)
    results = {}
    for file in os.listdir(out_dir):
        name, ext = os.path.splitext(file)
        results[name] = (ext[1:], read(os.path.join(out_dir, file)))
    return results


def render_python(convert, texts):
    """{name: html} for {name: text}; an oracle exception is kept as its text.
    A leading byte order mark is dropped first, as Pelican's reader does (and
    as issue 2 specifies); markdown.markdown() alone would keep it as text."""
    out = {}
    for name, text in texts.items():
        try:
            out[name] = convert(text[1:] if text.startswith("\ufeff") else text)
        except Exception as e:  # the oracle itself failing is worth seeing
            out[name] = "<!-- oracle raised %s: %s -->" % (type(e).__name__, e)
    return out


def first_difference(expected, actual):
    """(line number, expected line, actual line) of the first differing line."""
    el, al = expected.split("\n"), actual.split("\n")
    i = 0
    while i < len(el) and i < len(al) and el[i] == al[i]:
        i += 1
    return i + 1, (el[i] if i < len(el) else "<end>"), (al[i] if i < len(al) else "<end>")


def error_label(text):
    """Kind of a failed stacks conversion: crash, timeout or converter error."""
    if text.startswith("crashed"):
        return "crash"
    if text.startswith("timed out"):
        return "timeout"
    return "stacks error"


def outcome_of(stacks_result, expected):
    """None when identical, else a short description of what stacks did."""
    kind, text = stacks_result
    if kind == "error":
        return error_label(text)
    return None if text == expected else "differs"


def diagnose(args, convert, docs, failing, stacks, expected, work):
    """Kind of difference for each failing document, from its blocks alone."""
    block_dir = os.path.join(work, "blocks")
    shutil.rmtree(block_dir, ignore_errors=True)
    os.makedirs(block_dir)
    texts = OrderedDict()
    for name in failing:
        for i, (kind, text) in enumerate(docs[name][0]):
            texts["%s_%02d" % (name, i)] = text + "\n"
    for bname, text in texts.items():
        write(os.path.join(block_dir, bname + ".md"), text)
    block_expected = render_python(convert, texts)
    block_stacks = render_stacks(args.render, args.config, block_dir, os.path.join(work, "blocks-out"))
    kinds = {}
    for name in failing:
        if stacks[name][0] == "error":
            kinds[name] = (error_label(stacks[name][1]), (name, docs[name][1], "", stacks[name][1]))
            continue
        culprits = []
        for i, (kind, _) in enumerate(docs[name][0]):
            bname = "%s_%02d" % (name, i)
            result = block_stacks.get(bname, ("error", "missing output"))
            if outcome_of(result, block_expected[bname]) is not None:
                culprits.append((kind, bname, result, block_expected[bname]))
        if culprits:
            kind, bname, result, exp = culprits[0]
            label = error_label(result[1]) if result[0] == "error" else kind
            kinds[name] = (label, (bname, texts[bname], exp, result[1]))
        elif "\r" in docs[name][1]:
            kinds[name] = ("CRLF document", None)
        else:
            kinds[name] = ("interaction", None)
    return kinds


def report(args, docs, failing, kinds, stacks, expected, work):
    diff_dir = os.path.join(work, "diffs")
    shutil.rmtree(diff_dir, ignore_errors=True)
    os.makedirs(diff_dir)
    groups = defaultdict(list)
    for name in failing:
        label, sample = kinds.get(name, ("not diagnosed", None))
        groups[label].append((name, sample))
        line, exp, act = first_difference(expected[name], stacks[name][1])
        write(os.path.join(diff_dir, name + ".txt"),
              "kind: %s\nfirst difference at line %d\n--- expected\n%s\n+++ stacks\n%s\n\n==== input\n%s\n"
              "==== expected (Python-Markdown)\n%s\n==== stacks\n%s\n"
              % (label, line, exp, act, docs[name][1], expected[name], stacks[name][1]))
    print("differences by kind (the first block that differs when rendered alone):")
    for label, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print("  %-22s %5d documents, e.g. %s" % (label, len(members), ", ".join(m[0] for m in members[:5])))
        sample = next((s for _, s in members if s), None)
        if not sample:  # no single block to show: the whole document's first difference
            name = members[0][0]
            sample = (name, docs[name][1], expected[name], stacks[name][1])
        if sample:
            bname, text, exp, act = sample
            line, el, al = first_difference(exp, act)
            print("      block %s: %s" % (bname, json.dumps(text[:160], ensure_ascii=False)))
            print("      expected: %s" % el[:200])
            print("      stacks:   %s" % al[:200])
    if len(failing) > len(kinds):
        print("  (only the first %d differing documents were split into blocks: --diagnose)" % len(kinds))
    print("details: %s/<doc>.txt" % diff_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--render", required=True, help="path of markdown_render_batch")
    ap.add_argument("--config", default=os.path.join(REPO, "examples", "markdown.json"))
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=99.5, help="minimum %% of identical documents")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "stacks-difftest"))
    ap.add_argument("--diagnose", type=int, default=1000, help="failing documents to split into blocks")
    ap.add_argument("--highlight", choices=["plain", "pygments"], default="plain",
                    help="plain: the oracle prints code as Pygments prints plain text (stacks has no highlighter yet)")
    args = ap.parse_args()

    started = time.time()
    in_dir = os.path.join(args.work, "docs")
    shutil.rmtree(in_dir, ignore_errors=True)
    os.makedirs(in_dir)
    docs = OrderedDict()
    for i in range(args.count):
        name = "%05d" % i
        docs[name] = gen_docs.document(args.seed * 1000003 + i)
        write(os.path.join(in_dir, name + ".md"), docs[name][1])
    convert = oracle_markdown.converter_factory(oracle_markdown.load_config(args.config),
                                                plain_highlight=args.highlight == "plain")
    t0 = time.time()
    expected = render_python(convert, OrderedDict((n, d[1]) for n, d in docs.items()))
    t1 = time.time()
    stacks = render_stacks(args.render, args.config, in_dir, os.path.join(args.work, "out"))
    t2 = time.time()
    failing = [n for n in docs if outcome_of(stacks.get(n, ("error", "missing output")), expected[n]) is not None]
    for n in failing:
        stacks.setdefault(n, ("error", "missing output"))
    kinds = diagnose(args, convert, docs, failing[:args.diagnose], stacks, expected, args.work) if failing else {}
    identical = len(docs) - len(failing)
    percent = 100.0 * identical / max(1, len(docs))
    size = sum(len(d[1].encode("utf-8")) for d in docs.values())
    print("markdown difftest: %d/%d documents byte-identical (%.2f%%), threshold %.2f%%; %.1f MB; "
          "python %.1fs, stacks %.1fs, total %.1fs"
          % (identical, len(docs), percent, args.threshold, size / 1e6, t1 - t0, t2 - t1, time.time() - started))
    if failing:
        report(args, docs, failing, kinds, stacks, expected, args.work)
    ok = percent >= args.threshold
    print("threshold %s" % ("met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
