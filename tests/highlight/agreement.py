#!/usr/bin/python3
"""Agreement of `stacks highlight` with Pygments 2.14 on the corpus.

Each tests/highlight/corpus/<alias>.txt holds snippets separated by lines
`--8<--`. Every snippet is lexed by Pygments (the lexer for <alias>, as
pygmentize picks it) and by `stacks highlight --lang <alias> --tokens`;
both token streams are spread over the characters, and we count, over the
characters that are not whitespace:
  same colour: the `default` style gives both types the same style
               (colour, bold, italic, underline, background, border);
  exact class: both types have the same standard type (CSS class).
Pygments types outside STANDARD_TYPES count as their nearest standard
ancestor (what a theme's CSS styles them as).

  agreement.py TOOL [--corpus DIR] [--lang L] [--diff] [--check THRESHOLDS.json]
               [--write-thresholds F]

--corpus: the folder of snippets, `corpus` (default; the tables and lexers
were tuned on it) or `heldout` (real code cut from installed files, never
used for tuning; see make_heldout.py), or a path.

TOOL is `stacks` or highlight_tool (both take `highlight ...`).
"""
import argparse
import json
import math
import os
import subprocess
import sys

from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, string_to_tokentype

SEPARATOR = "--8<--"
HERE = os.path.dirname(os.path.abspath(__file__))
STYLE = get_style_by_name("default")


def snippets(path):
    chunks, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.rstrip("\n") == SEPARATOR:
                chunks.append("".join(current))
                current = []
            else:
                current.append(line)
    chunks.append("".join(current))
    return [c.strip("\n") + "\n" for c in chunks if c.strip()]


def standard(ttype):
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return ttype


def pygments_tokens(alias, code):
    lexer = get_lexer_by_name(alias)
    return [(standard(t), v) for t, v in lexer.get_tokens(code)]


def stacks_tokens(binary, alias, codes):
    """All snippets in one run: `--split` lexes each separately."""
    text = ("\n" + SEPARATOR + "\n").join(c.rstrip("\n") for c in codes) + "\n"
    out = subprocess.run([binary, "highlight", "--lang", alias, "--tokens", "--split", SEPARATOR],
                         input=text.encode(), capture_output=True, check=True).stdout.decode()
    streams, current = [], []
    for line in out.split("\n"):
        if line == SEPARATOR:
            streams.append(current)
            current = []
        elif line:
            name, value = line.split("\t", 1)
            current.append((standard(string_to_tokentype(name)), json.loads(value)))
    streams.append(current)
    return streams


def per_char(tokens):
    out = []
    for t, v in tokens:
        out.extend([t] * len(v))
    return out


def look(ttype):
    s = STYLE.style_for_token(ttype)
    return (s["color"], s["bold"], s["italic"], s["underline"], s["bgcolor"], s["border"])


def compare(code, ours, theirs):
    text = "".join(v for _, v in theirs)
    if "".join(v for _, v in ours) != text:
        n = sum(1 for c in text if not c.isspace())
        return n, 0, 0
    a, b = per_char(ours), per_char(theirs)
    total = same = exact = 0
    for ch, x, y in zip(text, a, b):
        if ch.isspace():
            continue
        total += 1
        exact += x == y
        same += look(x) == look(y)
    return total, same, exact


def show_diff(code, ours, theirs):
    text = "".join(v for _, v in theirs)
    if "".join(v for _, v in ours) != text:
        print("  TEXT DIFFERS:", repr("".join(v for _, v in ours))[:200])
        return
    a, b = per_char(ours), per_char(theirs)
    i = 0
    while i < len(text):
        if a[i] != b[i] and not text[i].isspace():
            j = i
            while j < len(text) and a[j] == a[i] and b[j] == b[i]:
                j += 1
            mark = "COLOUR" if look(a[i]) != look(b[i]) else "class"
            print("  %-6s %-28r ours %-28s pyg %s" % (mark, text[i:j], str(a[i])[6:], str(b[i])[6:]))
            i = j
        else:
            i += 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("stacks")
    p.add_argument("--corpus", default="corpus", help="corpus, heldout, or a folder of <alias>.txt")
    p.add_argument("--lang", action="append")
    p.add_argument("--diff", action="store_true")
    p.add_argument("--check")
    p.add_argument("--write-thresholds", help="write the measured figures (rounded down) as thresholds")
    args = p.parse_args()
    corpus = os.path.join(HERE, args.corpus)
    langs = args.lang or sorted(f[:-4] for f in os.listdir(corpus) if f.endswith(".txt"))
    thresholds = json.load(open(args.check)) if args.check else {}
    failed = []
    measured = {}
    print("%-12s %5s %7s %11s %11s" % ("language", "cases", "chars", "same colour", "exact class"))
    for alias in langs:
        codes = snippets(os.path.join(corpus, alias + ".txt"))
        ours_all = stacks_tokens(args.stacks, alias, codes)
        total = same = exact = 0
        for code, ours in zip(codes, ours_all):
            theirs = pygments_tokens(alias, code)
            t, s, e = compare(code, ours, theirs)
            total, same, exact = total + t, same + s, exact + e
            if args.diff and (s < t or e < t):
                print("--- %s snippet %d" % (alias, codes.index(code) + 1))
                show_diff(code, ours, theirs)
        same_pct = 100.0 * same / max(total, 1)
        exact_pct = 100.0 * exact / max(total, 1)
        print("%-12s %5d %7d %10.1f%% %10.1f%%" % (alias, len(codes), total, same_pct, exact_pct))
        measured[alias] = {"same": math.floor(same_pct * 10) / 10, "exact": math.floor(exact_pct * 10) / 10}
        want = thresholds.get(alias)
        if want and (same_pct + 1e-9 < want["same"] or exact_pct + 1e-9 < want["exact"]):
            failed.append(alias)
    if args.write_thresholds:
        with open(args.write_thresholds, "w") as f:
            json.dump(measured, f, indent=1, sort_keys=True)
            f.write("\n")
    if failed:
        print("below the thresholds:", " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
