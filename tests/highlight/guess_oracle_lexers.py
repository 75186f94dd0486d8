#!/usr/bin/python3
"""Differential test of the lexers ported for languages guess_lexer picks
(GDScript, Tera Term macro, Transact-SQL, XML, Genshi, Perl 6, Lasso,
CSS+Lasso, PHP, Ruby:
port_lexer.py) against Pygments 2.14: every text of guess_oracle.py's
corpus, and the snippets of the lexer's directory in SNIPPETS, is lexed by
each lexer, here with `lexer.get_tokens` and there with
`guess_tool --lex NAME`; the token streams (adjacent tokens of one type
merged, as the HTML formatter prints them) must be equal.

    /usr/bin/python3 tests/highlight/guess_oracle_lexers.py GUESS_TOOL [--min N] [--max-diffs D]

Prints "agreement N/M" per lexer and in total, and the first disagreements;
exits 1 when fewer than --min agree or more than --max-diffs disagree.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guess_oracle  # noqa: E402
from pygments.lexers import get_lexer_by_name  # noqa: E402

LEXERS = {"GDScript": "gdscript", "Tera Term macro": "teratermmacro", "Transact-SQL": "tsql", "XML": "xml",
          "Genshi": "genshi", "Perl6": "perl6", "Lasso": "lasso", "CSS+Lasso": "css+lasso", "PHP": "php",
          "Ruby": "ruby"}
# Texts written for one lexer (every file of a directory next to this script).
SNIPPETS = {"Perl6": "perl6_snippets"}


def snippets(name):
    if name not in SNIPPETS:
        return []
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), SNIPPETS[name])
    texts = []
    for entry in sorted(os.listdir(folder)):
        with open(os.path.join(folder, entry), encoding="utf-8") as f:
            texts.append(f.read())
    return texts


def type_name(ttype):
    return str(ttype)[len("Token."):] if str(ttype) != "Token" else ""


def pygments_tokens(lexer, text):
    merged = []
    for ttype, value in lexer.get_tokens(text):
        if not value:
            continue
        name = type_name(ttype)
        if merged and merged[-1][0] == name:
            merged[-1][1] += value
        else:
            merged.append([name, value])
    return merged


def first_difference(want, got):
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            return "token %d: pygments %r ours %r" % (i, w, g)
    return "lengths %d vs %d" % (len(want), len(got))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tool")
    parser.add_argument("--min", type=int, default=None)
    parser.add_argument("--max-diffs", type=int, default=None)
    parser.add_argument("--show", type=int, default=5, help="disagreements shown per lexer")
    parser.add_argument("--lexer", action="append", help="only this lexer (Pygments name; repeatable)")
    args = parser.parse_args()

    corpus = guess_oracle.corpus()
    agree = total = 0
    for name, alias in LEXERS.items():
        if args.lexer and name not in args.lexer:
            continue
        texts = corpus + snippets(name)
        lexer = get_lexer_by_name(alias)
        expected = [pygments_tokens(lexer, t) for t in texts]
        run = subprocess.run([args.tool, "--lex", name], input=json.dumps(texts), capture_output=True,
                             text=True, check=True)
        actual = json.loads(run.stdout)
        ok = 0
        shown = 0
        for text, want, got in zip(texts, expected, actual):
            if want == got:
                ok += 1
            elif shown < args.show:
                shown += 1
                print("DIFF %s: %s\n  text=%r" % (name, first_difference(want, got), text[:160]))
        print("%s: agreement %d/%d" % (name, ok, len(texts)))
        agree += ok
        total += len(texts)
    print("agreement %d/%d" % (agree, total))
    if args.min is not None and agree < args.min:
        print("below the threshold %d" % args.min)
        return 1
    if args.max_diffs is not None and total - agree > args.max_diffs:
        print("more than %d disagreements" % args.max_diffs)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
