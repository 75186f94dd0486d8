#!/usr/bin/python3
"""Differential test of code blocks: `stacks markdown` against
Python-Markdown 3.4.1 + Pygments 2.14 (codehilite and fenced_code).

For each document and configuration both HTML outputs are compared twice:
  structure: after removing the token spans (<span class="k">, style
             spans with noclasses) and every </span>, what is left (wrapper,
             <pre>, <code>, line numbers, highlighted-line spans, escaped
             text) must be byte-identical;
  exact:     the whole HTML, reported (token classes may differ).
Plain text (unknown language, no guess) must be identical in full.

  codehilite_diff.py STACKS_BIN [--verbose]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import markdown

DOCS = {
    "fenced": '```python\nimport os\n\ndef f(x):\n    return x * 2  # double\n```\n',
    "fenced_hl": '```{.python hl_lines="2 3"}\na = 1\nb = "two"\nc = [a, b]\n```\n',
    "fenced_bash": '```bash\nfor f in *.txt; do\n  echo "$f" > /dev/null\ndone\n```\n',
    "fenced_unknown": '```nosuchlang\n<b>&amp; "quoted"</b>\n```\n',
    "fenced_nolang": '```\nplain <text> & more\n```\n',
    "indented_colons": 'Text\n\n    :::python\n    print("hi")\n    x = 1\n',
    "indented_shebang": '    #!python\n    def g():\n        pass\n',
    "indented_path": '    #!/usr/bin/env bash\n    echo hi\n',
    "indented_plain": '    no language here\n    <tag>\n',
    "hl_lines_header": '    :::python hl_lines="1"\n    a = 1\n    b = 2\n',
    "yaml": '```yaml\nkey: value\nlist:\n  - 1\n  - "two"\n```\n',
    "json": '```json\n{"a": [1, 2.5, true, null]}\n```\n',
    "console": '```console\n$ ls -la\ntotal 0\n```\n',
    "tf": '```tf\nresource "aws_instance" "web" {\n  ami = "ami-1"\n}\n```\n',
    "blank_lines": '```python\n\n\nx = 1\n\n\ny = 2\n\n```\n',
    "tabs": '```go\nfunc main() {\n\tfmt.Println("x")\n}\n```\n',
    "unicode": '```python\ns = "héllo wörld ✓"  # ünïcode\n```\n',
}

CONFIGS = {
    "default": {},
    "linenums": {"linenums": True},
    "inline": {"linenos": "inline"},
    "noguess": {"guess_lang": False},
    "cssclass": {"css_class": "highlight"},
    "noclasses": {"noclasses": True},
    "monokai": {"noclasses": True, "pygments_style": "monokai"},
    "linenostart": {"linenums": True, "linenostart": 7},
    "prefix": {"use_pygments": False, "lang_prefix": "lang-"},
}

TOKEN_SPAN = re.compile(r'<span (?:class="(?!hll|linenos|normal|special|filename)[^"]*"|style="(?!background-color)[^"]*")>')


def structure(html):
    return TOKEN_SPAN.sub("", html).replace("</span>", "")


def python_html(doc, config):
    return markdown.markdown(doc, extensions=["codehilite", "fenced_code"],
                             extension_configs={"codehilite": config})


def stacks_html(binary, doc, config):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"extensions": ["codehilite", "fenced_code"],
                   "extension_configs": {"codehilite": config}}, f)
    try:
        return subprocess.run([binary, "markdown", "-c", f.name], input=doc.encode(),
                              capture_output=True, check=True).stdout.decode()
    finally:
        os.unlink(f.name)


def main():
    binary = sys.argv[1]
    verbose = "--verbose" in sys.argv
    total = structural = exact = 0
    failures = []
    for dname, doc in DOCS.items():
        for cname, config in CONFIGS.items():
            want, got = python_html(doc, config), stacks_html(binary, doc, config)
            total += 1
            exact += want == got
            if structure(want) == structure(got):
                structural += 1
            else:
                failures.append((dname, cname, want, got))
    print("code blocks: %d cases, structure identical %d, byte-identical %d" % (total, structural, exact))
    for dname, cname, want, got in failures:
        print("STRUCTURE DIFFERS: %s / %s" % (dname, cname))
        if verbose:
            print("  python:", repr(want))
            print("  stacks:", repr(got))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
