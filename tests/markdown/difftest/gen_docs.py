#!/usr/bin/python3
"""Generator of realistic Markdown documents for the differential test.

A document is a list of blocks, each a (kind, text) pair; the document's text
is the blocks joined by blank lines (sometimes by a single newline, so lazy
continuation and block interruption get exercised too). Every block kind is a
small grammar over random choices; `document(seed)` is deterministic: the
same seed gives the same document with any Python 3.

The kinds cover what issue 2 asks for: lists at every indentation, nested
quotes, code inside lists, HTML blocks with and without markdown="1", tables,
footnotes, attribute lists, abbreviations, GitHub emoji short codes in every
context, links of every kind, unicode, plus headings, rules, definition lists,
fenced code, meta data and [TOC].

    /usr/bin/python3 gen_docs.py --count 5 --seed 1 --out DIR   # writes DIR/NNNNN.md
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

WORDS = ("the a of to and in is it for on with as was at by an be this that from or have are not but "
         "server client deploy build cache queue latency pipeline kernel thread socket config release "
         "python rust docker cluster node metric alert log trace token schema index query shard replica "
         "fast slow simple robust tiny huge blue green stable flaky lazy eager quiet noisy").split()
UNICODE_WORDS = ["café", "naïve", "señor", "über", "Ångström", "niño", "日本語", "中文", "한국어", "русский",
                 "ελληνικά", "العربية", "עברית", "हिन्दी", "ไทย", "emoji😀", "🚀", "✓", "—", "…", "«quoted»",
                 "“curly”", "e\u0301", "ﬁ", "Ω", "½", "€100", "™"]
KNOWN_EMOJI = ["smile", "+1", "-1", "rocket", "tada", "heart", "100", "t-rex", "e-mail", "octocat",
               "shipit", "thumbsup", "white_check_mark", "bowing_man", "metal", "smiley", "fire",
               "non-potable_water", "1st_place_medal", "robot", "book", "warning", "bug", "zap"]
UNKNOWN_EMOJI = ["fight", "notanemoji", "Smile", "ROCKET", "foo_bar", "x", "", "+", "-", "+foo",
                 "smile_", "12345", "a1b2"]
URLS = ["http://example.com", "https://example.com/path/to/page.html", "https://example.com/?q=a&b=c",
        "/relative/path", "../up/one.md", "#anchor", "mailto:someone@example.com", "{filename}other.md",
        "https://example.com/a_b_c", "https://example.com/(parens)", "http://example.com/~user",
        "https://ex.com/ünï", "<https://example.com/angle>", "https://example.com/a%20b", "ftp://files.example.org/x"]
TITLES = ['"A title"', "'single quoted'", "(parenthesized)", '"with \\"escaped\\" quotes"', '"emoji :smile:"', ""]
LANGS = ["python", "bash", "c++", "js", "text", "yaml", "", "unknownlang", "go", "json"]
HTML_BLOCK_TAGS = ["div", "section", "aside", "p", "table", "details", "article", "figure", "blockquote", "pre"]
INLINE_TAGS = ["span", "em", "b", "kbd", "abbr", "sup", "sub", "mark", "code", "a"]


class Gen:
    """Random choices for one document, plus the names it has defined."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.ref_ids = []
        self.footnote_ids = []
        self.abbrs = []

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    # ---- inline content ------------------------------------------------------

    def word(self):
        if self.chance(0.06):
            return self.pick(UNICODE_WORDS)
        if self.abbrs and self.chance(0.03):
            return self.pick(self.abbrs)
        return self.pick(WORDS)

    def words(self, lo=2, hi=8):
        return " ".join(self.word() for _ in range(self.r.randint(lo, hi)))

    def emoji(self):
        name = self.pick(KNOWN_EMOJI) if self.chance(0.8) else self.pick(UNKNOWN_EMOJI)
        form = self.r.randrange(6)
        if form == 0:
            return ":%s::%s:" % (name, self.pick(KNOWN_EMOJI))  # adjacent codes
        if form == 1:
            return "x:%s:y" % name  # glued to words
        return ":%s:" % name

    def link_target(self):
        url = self.pick(URLS)
        title = self.pick(TITLES)
        return "(%s%s)" % (url, " " + title if title else "")

    def link(self, depth):
        kind = self.r.randrange(11)
        text = self.inline(depth + 1, 1, 4)
        if kind == 0:
            return "[%s]%s" % (text, self.link_target())
        if kind == 1:
            ref = self.pick(["ref%d" % self.r.randrange(5), "Ref 1", "missing"])
            self.ref_ids.append(ref)
            return "[%s][%s]" % (text, ref)
        if kind == 2:
            ref = "ref%d" % self.r.randrange(5)
            self.ref_ids.append(ref)
            return "[%s][]" % ref if self.chance(0.5) else "[%s]" % ref
        if kind == 3:
            return "<%s>" % self.pick(["https://example.com/auto", "http://x.org/a?b=1&c=2", "ftp://f.example/x"])
        if kind == 4:
            return "<%s>" % self.pick(["someone@example.com", "mailto:a.b@ex.org", "first+tag@sub.example.co"])
        if kind == 5:
            return "![%s]%s" % (self.words(1, 3), self.link_target())
        if kind == 6:
            ref = "img%d" % self.r.randrange(3)
            self.ref_ids.append(ref)
            return "![%s][%s]" % (self.words(1, 3), ref)
        if kind == 7:
            return "[![%s](/img/a.png)](https://example.com)" % self.words(1, 2)
        if kind == 8:
            return "[%s](%s){: .cls #lid target=_blank }" % (text, self.pick(URLS))
        if kind == 9:
            return "[link with :%s: emoji](https://example.com/:%s:)" % (self.pick(KNOWN_EMOJI), "smile")
        return "https://example.com/bare/url"

    def code_span(self):
        body = self.pick(["x = 1", "a * b * c", "_under_", "<tag>", "&amp;", ":smile:", "`tick`", "a | b",
                          "[not](link)", "**", "  padded  ", "\\*"])
        ticks = "``" if "`" in body else self.pick(["`", "``"])
        pad = " " if body.startswith("`") or body.endswith("`") or ticks == "``" else ""
        return "%s%s%s%s%s" % (ticks, pad, body, pad, ticks)

    def inline_html(self):
        tag = self.pick(INLINE_TAGS)
        attr = self.pick(["", ' class="x"', ' title="t &amp; u"', " data-x='1'"])
        if tag == "a":
            attr = ' href="https://example.com/?a=1&amp;b=2"'
        return "<%s%s>%s</%s>" % (tag, attr, self.words(1, 3), tag)

    def special(self):
        return self.pick(["&copy;", "&amp;", "AT&T", "4 < 5", "a > b", "&#8212;", "&#x263A;", "\\*not em\\*",
                          "\\_x\\_", "\\`", "\\\\", "\\[", "1 * 2 * 3", "snake_case_word", "__init__",
                          "<!-- comment -->", "<br>", "<br />", "&nbsp;", "---", "--", "\"quotes\"", "'apos'",
                          "&unknown;", "x<y", "a&b"])

    def footnote_ref(self):
        fid = self.pick(["1", "2", "note", "long-note", "x y"]) if self.chance(0.9) else "undefined"
        self.footnote_ids.append(fid)
        return "[^%s]" % fid

    def emphasis(self, depth):
        inner = self.inline(depth + 1, 1, 4)
        if self.chance(0.85):
            form = self.pick(["*%s*", "_%s_", "**%s**", "__%s__", "***%s***", "*a **%s** b*", "**a *%s* b**"])
        else:  # the odd nestings Python-Markdown resolves in its own way
            form = self.pick(["___%s___", "**%s*", "*%s**", "_%s__", "***%s* x**", "**x *%s***", "_a_b_%s_"])
        return form % inner

    # Mostly words, like prose; each kind of inline syntax now and then.
    def inline_piece(self, depth):
        if depth > 2:
            return self.word()
        k = self.r.random()
        for threshold, make in ((0.72, self.word), (0.80, lambda: self.emphasis(depth)),
                                (0.86, lambda: self.link(depth)), (0.90, self.code_span), (0.94, self.emoji),
                                (0.96, self.inline_html), (0.98, self.special), (0.99, self.footnote_ref)):
            if k < threshold:
                return make()
        return self.pick(UNICODE_WORDS)

    def inline(self, depth=0, lo=4, hi=14):
        return " ".join(self.inline_piece(depth) for _ in range(self.r.randint(lo, hi)))

    def lines(self, lo=1, hi=3, indent=""):
        out = []
        for i in range(self.r.randint(lo, hi)):
            line = self.inline()
            if self.chance(0.1):
                line += "  "  # hard line break
            out.append(line)
        return ("\n" + indent).join(out)

    # ---- blocks --------------------------------------------------------------

    def heading(self):
        level = self.r.randint(1, 6)
        text = self.inline(2, 1, 6)
        if self.chance(0.2):
            text += " " + self.emoji()
        attr = self.pick(["", "", "", " {#custom-id}", " {: .title }", " {#id2 .a .b key='v' }", " {: #Über }"])
        form = self.r.randrange(5)
        if form == 0 and level <= 2:
            return "%s%s\n%s" % (text, attr, ("=" if level == 1 else "-") * self.r.randint(1, 12))
        if form == 1:
            return "%s %s %s" % ("#" * level, text + attr, "#" * self.r.randint(1, 8))
        if form == 2:
            return "%s%s" % ("#" * level, text + attr)
        return "%s %s" % ("#" * level, text + attr)

    def paragraph(self):
        p = self.lines(1, 4)
        if self.chance(0.15):
            p += "\n" + self.pick(["{: .note }", "{: #para-id }", "{.lead data-x=\"1\"}", "{: class='c' }"])
        return p

    def list_marker(self, ordered, n):
        if ordered:
            return self.pick(["%d." % n, "%d." % (n + self.r.randrange(3)), "1."])
        return self.pick(["*", "-", "+"])

    def list_block(self, depth=0, base=""):
        ordered = self.chance(0.4)
        start = self.pick([1, 1, 1, 3, 10])
        loose = self.chance(0.3)
        items = []
        for i in range(self.r.randint(1, 5)):
            marker = self.list_marker(ordered, start + i)
            spaces = " " * self.pick([1, 1, 1, 2, 3]) if self.chance(0.2) else " "
            if self.chance(0.05):
                spaces = "\t"
            item = base + marker + spaces + self.item_text(base)
            items.append(item)
            items.extend(self.item_children(depth, base))
        return ("\n\n" if loose else "\n").join(items)

    def item_text(self, base):
        text = self.inline(0, 2, 8)
        if self.chance(0.2):
            text += "\n" + base + self.pick(["", "    ", "  ", " "]) + self.inline(0, 2, 6)  # (lazy) continuation
        if self.chance(0.08):
            text = self.pick(["[ ] ", "[x] "]) + text
        if self.chance(0.05):
            text += " {: .item }"
        return text

    # A nested child at one of several indentations: 1-3 spaces (not enough
    # for Python-Markdown), 4 (one level), 8, or a tab.
    def item_children(self, depth, base):
        children = []
        if depth >= 3:
            return children
        for _ in range(self.r.randrange(3) if self.chance(0.45) else 0):
            indent = base + self.pick(["    ", "    ", "  ", "   ", " ", "\t", "        ", "     "])
            kind = self.r.randrange(6)
            blank = "\n" if self.chance(0.6) else ""
            if kind <= 1:
                body = self.list_block(depth + 1, indent)
            elif kind == 2:
                body = indent + self.lines(1, 2, indent)
            elif kind == 3:
                body = indent + "    " + ("\n" + indent + "    ").join(self.code_lines())
            elif kind == 4:
                body = indent + ("\n" + indent).join(self.fenced_code().split("\n"))
            else:
                body = indent + "> " + self.inline(0, 3, 8)
            children.append(blank + body)
        return children

    def code_lines(self):
        samples = ["def f(x):", "    return x * 2", "<div class=\"a\">&amp;</div>", "if (a < b && c > d) {",
                   "  printf(\"%d\\n\", a);", "}", "echo $HOME | grep -v :smile:", "", "SELECT * FROM t;",
                   "# not a heading", "* not a list", "    deeper indent", "tab\there", "unicode: 日本語 café",
                   "[link](not a link)", "`backticks`", "trailing spaces   "]
        out = [self.pick(samples) for _ in range(self.r.randint(1, 6))]
        while out and out[-1] == "":
            out.pop()
        return out or ["x = 1"]

    def indented_code(self):
        return "\n".join(("    " + l) if l else "" for l in self.code_lines())

    def fenced_code(self):
        fence = self.pick(["```", "~~~", "````"])
        lang = self.pick(LANGS)
        info = self.pick(["%s", "%s", "{.%s}", "{ .%s #code-id }", "%s hl_lines=\"1 3\"",
                          "{.%s hl_lines=\"2\"}", "{ .%s linenums=\"1\" }"]) % lang if lang else ""
        if self.chance(0.2):
            info = " " + info
        return "%s%s\n%s\n%s" % (fence, info, "\n".join(self.code_lines()), fence)

    def blockquote(self, depth=1):
        prefix = "> " * depth if self.chance(0.8) else ">" * depth + " "
        parts = []
        for _ in range(self.r.randint(1, 3)):
            k = self.r.randrange(6)
            if k == 0 and depth < 6:
                parts.append(self.blockquote(depth + 1))
                continue
            if k == 1:
                body = self.list_block(2)
            elif k == 2:
                body = self.indented_code()
            elif k == 3:
                body = self.heading()
            else:
                body = self.lines(1, 3)
            lines = body.split("\n")
            quoted = [(prefix + l).rstrip() if (i == 0 or not self.chance(0.15)) else l for i, l in enumerate(lines)]
            parts.append("\n".join(quoted))
        return ("\n" + prefix.rstrip() + "\n").join(parts)

    def html_block(self):
        tag = self.pick(HTML_BLOCK_TAGS)
        md = self.pick(['', '', ' markdown="1"', ' markdown="1"', ' markdown="block"', ' markdown="span"',
                        ' markdown="0"', ' markdown'])
        attrs = self.pick(['', ' class="box"', ' id="x" class="a b"', " style='color: red'", ' data-emoji=":smile:"'])
        inner_kind = self.r.randrange(5)
        if tag == "table":
            inner = "<tr><td>%s</td><td>*cell*</td></tr>" % self.words(1, 3)
        elif inner_kind == 0:
            inner = self.paragraph()
        elif inner_kind == 1:
            inner = self.list_block(2)
        elif inner_kind == 2:
            inner = "<p>%s</p>" % self.inline(0, 2, 6)
        elif inner_kind == 3:
            inner = "<div%s>\n%s\n</div>" % (self.pick(['', ' markdown="1"']), self.paragraph())
        else:
            inner = self.heading() + "\n\n" + self.paragraph()
        sep = self.pick(["\n", "\n\n"])
        block = "<%s%s%s>%s%s%s</%s>" % (tag, attrs, md, sep, inner, sep, tag)
        if self.chance(0.1):
            block = "<!-- %s -->\n" % self.words(1, 4) + block
        if self.chance(0.08):
            block = self.pick(["<hr>", "<hr/>", "<br>", "<!-- only a comment -->", "<?php echo 1; ?>",
                               "<div>unclosed", "</div>", "<span>inline start</span> then text"])
        return block

    def table(self):
        cols = self.r.randint(1, 5)
        lead = self.chance(0.7)

        def row(cells):
            body = " | ".join(cells)
            return ("| " + body + " |") if lead else body

        head = [self.inline(2, 1, 3) for _ in range(cols)]
        aligns = [self.pick(["---", ":---", "---:", ":---:", "-", "--------"]) for _ in range(cols)]
        rows = [row(head), row(aligns)]
        for _ in range(self.r.randint(0, 5)):
            cells = [self.pick([self.inline(2, 1, 3), self.code_span(), self.emoji(), "", "a \\| b", "`x|y`"])
                     for _ in range(cols + self.pick([0, 0, 0, -1, 1]))]
            rows.append(row(cells or [""]))
        return "\n".join(rows)

    def footnote_def(self):
        fid = self.pick(self.footnote_ids) if self.footnote_ids else self.pick(["1", "note"])
        body = self.lines(1, 2)
        if self.chance(0.3):
            body += "\n\n    " + self.inline(0, 2, 6)
        if self.chance(0.15):
            body += "\n\n        code in footnote"
        return "[^%s]: %s" % (fid, body)

    def definition_list(self):
        out = []
        for _ in range(self.r.randint(1, 3)):
            out.append(self.inline(2, 1, 3))
            for _ in range(self.r.randint(1, 2)):
                out.append(":%s%s" % (self.pick(["   ", " ", "\t"]), self.inline(0, 2, 8)))
            if self.chance(0.3):
                out.append("")
        return "\n".join(out).strip("\n")

    def abbreviation(self):
        abbr = self.pick(["HTML", "CSS", "W3C", "API", "SRE", "C++", "K8s", "JSON", "URL"])
        self.abbrs.append(abbr)
        return "*[%s]: %s" % (abbr, self.pick(["Hyper Text Markup Language", "Cascading \"Style\" Sheets",
                                                 "World Wide Web Consortium", "", "uses :smile: & <b>"]))

    def reference_defs(self):
        out = []
        for ref in sorted(set(self.ref_ids) or {"ref0"}):
            if self.chance(0.85):
                out.append("[%s]: %s%s" % (ref, self.pick(URLS).strip("<>"),
                                           self.pick(["", ' "Title"', " 'T'", " (P)", '\n    "Next line title"'])))
        return "\n".join(out) or "[unused]: http://example.com"

    def rule(self):
        return self.pick(["***", "---", "___", "* * *", "- - -", "_____", "  ***  "])

    def meta(self):
        keys = ["Title: " + self.words(2, 5), "Date: 2023-10-15 10:20", "Tags: a, b, c",
                "Summary: " + self.inline(0, 3, 8), "Author: Ñandú Pérez", "Slug: some-slug"]
        out = [k for k in keys if self.chance(0.6)] or keys[:1]
        if self.chance(0.3):
            out.append("    continued meta line")
        return "\n".join(out)

    def emoji_block(self):
        forms = ["%s", "- %s item", "> %s in quote", "# Heading %s", "*%s*", "**%s and %s**", "`%s`",
                 "[%s](https://example.com)", "| %s | x |\n|---|---|\n| %s | y |", "Term %s\n:   Def %s",
                 "<div>%s</div>", "<div markdown=\"1\">\n%s\n</div>", "    %s in code", "%s{: .c }",
                 "text\\:smile: escaped", "::smile:: doubled", "a:smile:b:rocket:c", ":smile :space:"]
        form = self.pick(forms)
        parts = form.split("%s")
        return parts[0] + "".join(self.emoji() + rest for rest in parts[1:])

    # A list item or footnote holding a table, an HTML block or a definition
    # list, indented as Python-Markdown expects.
    def nested_container(self):
        inner = self.pick([self.table, self.html_block, self.definition_list, self.fenced_code, self.heading])()
        indented = "\n".join(("    " + l) if l else "" for l in inner.split("\n"))
        head = self.pick(["- ", "1. ", "* "]) if self.chance(0.7) else "[^%s]: " % self.pick(["1", "note"])
        if head.startswith("[^"):
            self.footnote_ids.append(head[2:-3])
        return head + self.inline(0, 2, 6) + "\n\n" + indented

    def block(self):
        table = [(self.nested_container, 4), (self.paragraph, 24), (self.heading, 10), (self.list_block, 14), (self.blockquote, 7),
                 (self.indented_code, 4), (self.fenced_code, 5), (self.html_block, 7), (self.table, 6),
                 (self.definition_list, 3), (self.rule, 2), (self.emoji_block, 6), (self.abbreviation, 2),
                 (self.footnote_def, 3)]
        total = sum(w for _, w in table)
        x = self.r.randrange(total)
        for fn, w in table:
            if x < w:
                return fn.__name__, fn()
            x -= w
        raise AssertionError


def document(seed):
    """Returns (blocks, text) for one document; blocks is [(kind, text)]."""
    g = Gen(seed)
    blocks = []
    if g.chance(0.25):
        blocks.append(("meta", g.meta()))
    if g.chance(0.1):
        blocks.append(("toc_marker", "[TOC]"))
    for _ in range(g.r.randint(3, 14)):
        blocks.append(g.block())
    if g.footnote_ids and g.chance(0.8):
        blocks.append(("footnote_def", g.footnote_def()))
    if g.ref_ids or g.chance(0.2):
        blocks.append(("reference_defs", g.reference_defs()))
    if g.chance(0.05):
        blocks.append(("toc_marker", "[TOC]"))
    return blocks, join_blocks(g, blocks)


# Blocks are mostly separated by a blank line; sometimes by a single newline
# (lazy continuation, interruptions), or by a line of spaces or a tab. A few
# documents get CRLF line ends or a byte order mark.
def join_blocks(g, blocks):
    text = blocks[0][1]
    for kind, body in blocks[1:]:
        sep = g.pick(["\n\n"] * 16 + ["\n", "\n", "\n   \n", "\n\t\n", "\n\n\n"])
        text += ("\n\n" if kind == "meta" else sep) + body
    text += g.pick(["\n", "\n", "", "\n\n", "  \n"])
    if g.chance(0.03):
        text = text.replace("\n", "\r\n")
    if g.chance(0.02):
        text = "\ufeff" + text
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for i in range(args.count):
        blocks, text = document(args.seed * 1000003 + i)
        with open(os.path.join(args.out, "%05d.md" % i), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        with open(os.path.join(args.out, "%05d.blocks.json" % i), "w", encoding="utf-8") as f:
            json.dump(blocks, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
