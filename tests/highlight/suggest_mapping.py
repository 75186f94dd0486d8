#!/usr/bin/python3
"""For writing the tables in src/highlight/ksh_tables.cc: which Pygments
type each KSyntaxHighlighting (definition, format) gets most often on the
corpus, character by character.

  suggest_mapping.py TOOL ALIAS
"""
import collections
import json
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import agreement  # noqa: E402


def ksh_runs(tool, alias, code):
    out = subprocess.run([tool, "highlight", "--lang", alias, "--ksh-formats"], input=code.encode(),
                         capture_output=True, check=True).stdout.decode()
    runs = []
    for line in out.split("\n"):
        if line:
            d, f, t = line.split("\t", 2)
            runs.append(((d, f), json.loads(t)))
    return runs


def main():
    tool, alias = sys.argv[1], sys.argv[2]
    counts = collections.defaultdict(collections.Counter)
    for code in agreement.snippets("%s/corpus/%s.txt" % (agreement.HERE, alias)):
        ours = agreement.per_char(ksh_runs(tool, alias, code))
        theirs = agreement.pygments_tokens(alias, code)
        text = "".join(v for _, v in theirs)
        for ch, k, t in zip(text, ours, agreement.per_char(theirs)):
            if not ch.isspace():
                counts[k][str(t)[6:]] += 1
    for (d, f), c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        print("%-22s %-28s %s" % (d, f, ", ".join("%s:%d" % kv for kv in c.most_common(4))))




PLAIN = {"Text", "Name", "Punctuation", "Operator", "Text.Whitespace"}


def enum_name(dotted):
    parts = dotted.split(".")
    if parts[0] == "Literal" and len(parts) > 1:
        parts = parts[1:]
    return "T::k" + "".join(parts)


def rule_type(counter):
    """The type a rule should give a format: the majority, except that mixed
    plain text stays plain (words/operators/punctuation split by the lexer)
    and mixed string or comment kinds stay generic (refined by the text)."""
    total = sum(counter.values())
    top, n = counter.most_common(1)[0]
    if top in PLAIN and n < 0.9 * total:
        return "T::kText"
    kinds = [t for t in counter if counter[t] > 0.1 * total]
    if len(kinds) > 1 and all(t in ("Literal.String.Double", "Literal.String.Single", "Literal.String.Backtick") for t in kinds):
        return "T::kString"
    if len(kinds) > 1 and all(t in ("Comment.Single", "Comment.Multiline") for t in kinds):
        return "T::kComment"
    return enum_name(top)


def rules(tool, alias):
    counts = collections.defaultdict(collections.Counter)
    for code in agreement.snippets("%s/corpus/%s.txt" % (agreement.HERE, alias)):
        ours = agreement.per_char(ksh_runs(tool, alias, code))
        theirs = agreement.pygments_tokens(alias, code)
        text = "".join(v for _, v in theirs)
        for ch, k, t in zip(text, ours, agreement.per_char(theirs)):
            if not ch.isspace():
                counts[k][str(t)[6:]] += 1
    out = []
    for (d, f), c in sorted(counts.items()):
        if d:
            out.append('{"%s", "%s", %s},' % (d, f, rule_type(c)))
    return out


if __name__ == "__main__":
    if sys.argv[1] == "--rules":
        print("\n".join(rules(sys.argv[2], sys.argv[3])))
    else:
        main()
