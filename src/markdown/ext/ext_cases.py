#!/usr/bin/python3
# Writes ext_cases.inc: the expected results of the extensions owned here
# (toc, attr_list, legacy_attrs, fenced_code, footnotes, codehilite, meta,
# extra), produced by the reference Python-Markdown 3.4.1 (with Pygments
# 2.14). Run with the Debian python3 that has them:
#   /usr/bin/python3 src/markdown/ext/ext_cases.py > src/markdown/ext/ext_cases.inc
import json
import markdown

CASES = []


def c(name, src, exts, cfg=None):
    CASES.append((name, src, exts, cfg or {}))

# ---- toc
c('toc-basic', '# Hello World\n\n## Sub *em* `code&<`\n\n### Third\n\n## Hello World\n\n[TOC]\n', ['toc'])
c('toc-unicode', '# Žluťoučký kůň ﬁnance ½ Ｆｕｌｌ\n\n# Привет мир\n\n# ---\n\n# 日本語\n', ['toc'])
c('toc-dups', '# a\n\n# a\n\n# a_1\n\n# a\n\n# b_3\n\n# b_3\n', ['toc'])
c('toc-permalink', '# A\n\n## B\n', ['toc'], {'toc': {'permalink': True}})
c('toc-permalink-str', '# A\n\n## B\n', ['toc'], {'toc': {'permalink': '#', 'permalink_class': 'pl', 'permalink_title': ''}})
c('toc-anchor', '# A *b* c\n\n## B\n', ['toc'], {'toc': {'anchorlink': True, 'anchorlink_class': 'al'}})
c('toc-anchor-perma', '# A *b* c\n\n## B\n', ['toc'], {'toc': {'anchorlink': 'yes', 'permalink': 'true'}})
c('toc-baselevel', '# A\n\n## B\n\n###### F\n\n[TOC]', ['toc'], {'toc': {'baselevel': 3}})
c('toc-depth', '# A\n\n## B\n\n### C\n\n#### D\n\n[TOC]', ['toc'], {'toc': {'toc_depth': '2-3'}})
c('toc-depth-int', '# A\n\n## B\n\n### C\n\n#### D\n\n[TOC]', ['toc'], {'toc': {'toc_depth': 2}})
c('toc-title', '# A\n\n[TOC]\n\n> [TOC]\n\n* [TOC]\n', ['toc'], {'toc': {'title': 'Contents', 'toc_class': 'mytoc'}})
c('toc-marker', '# A\n\n{{toc}}\n\n[TOC]', ['toc'], {'toc': {'marker': '{{toc}}'}})
c('toc-nomarker', '# A\n\n[TOC]', ['toc'], {'toc': {'marker': ''}})
c('toc-sep', '# Hello  World - x\n', ['toc'], {'toc': {'separator': '_'}})
c('toc-order', '## A\n\n# B\n\n### C\n\n## D\n\n#### E\n\n# F\n\n[TOC]', ['toc'])
c('toc-attr', '# A {: #custom }\n\n# B {: data-toc-label="Label *x*" }\n\n[TOC]', ['toc', 'attr_list'])
c('toc-html', '# A <b>bold</b> &amp; &copy; x\n\n[TOC]', ['toc'])
c('toc-escape', '# a \\*b\\* c\n\n[TOC]', ['toc'])
c('toc-empty', '#\n\n# !!!\n\n[TOC]', ['toc'])
c('toc-setext', 'Title\n=====\n\nSub\n---\n\n[TOC]', ['toc'])
c('toc-link', '# [link](http://x.com) and <http://y.com>\n\n[TOC]', ['toc'])
c('toc-html5', '# A\n\n[TOC]', ['toc'], {'toc': {'permalink': True}, '__format': 'html5'})

# ---- attr_list
c('attr-para', 'para\n{: #id .c1 .c2 key="v a l" k2=\'x\' k3=y }', ['attr_list'])
c('attr-header', '# Header {: .h #hid }\n\n## H2 ## {: .x}\n\nH3\n---\n{: .set }', ['attr_list'])
c('attr-inline', '*em*{: .e } and [link](u){: target=_blank } and ![i](s.png){: width=10 }', ['attr_list'])
c('attr-list', '* item {: .li }\n* item2\n    {: .li2 }\n\n    * nested\n', ['attr_list'])
c('attr-li-nested', '* one {: .a }\n    * two {: .b }\n', ['attr_list'])
c('attr-badname', 'p\n{: foo&bar=1 @x=2 }', ['attr_list'])
c('attr-dl', 'term {: .t }\n:   def {: .d }', ['attr_list', 'def_list'])
c('attr-table', '| a {: .x } | b |\n|---|---|\n| c {: .y } | d |', ['attr_list', 'tables'])
c('attr-code', '    code\n{: .x }', ['attr_list'])
c('attr-nospace', '# Head{: .x }', ['attr_list'])
c('attr-class-append', 'p\n{: .a class="b" .c }', ['attr_list'])

# ---- legacy_attrs
c('legacy', 'para {@id=p1} text {@class=x\ny}\n\n![alt {@title=t}](i.png)', ['legacy_attrs'])

# ---- meta
c('meta', 'Title: Hello\nAuthor: A\n    B\nauthor: C\n\nBody', ['meta'])
c('meta-yaml', '---\ntitle: x\n...\nBody', ['meta'])
c('meta-none', 'Body text\nmore', ['meta'])
c('meta-bad', 'Title: x\nnot meta\n\nbody', ['meta'])

# ---- fenced_code
c('fenced-basic', '```\na < b & "c"\n```\n', ['fenced_code'])
c('fenced-lang', '```python\ndef f():\n    pass\n```\n\n~~~~.js\nx\n~~~~', ['fenced_code'])
c('fenced-attrs', '```{ .python #id .x data-a="1" }\ncode\n```', ['fenced_code'])
c('fenced-attrs-al', '```{ .python #id .x data-a="1" hl_lines="1 2" }\ncode\n```', ['fenced_code', 'attr_list'])
c('fenced-prefix', '```python\nx\n```', ['fenced_code'], {'fenced_code': {'lang_prefix': 'lang-'}})
c('fenced-hl', '```text hl_lines="2"\na\nb\n```', ['fenced_code', 'codehilite'])
c('fenced-ch-text', '```text\na\n\tb\n\n```', ['fenced_code', 'codehilite'])
c('fenced-ch-nopyg', '```python\na\n```', ['fenced_code', 'codehilite'], {'codehilite': {'use_pygments': False}})
c('fenced-ch-blocknopyg', '```{ .text use_pygments=false }\na\n```', ['fenced_code', 'codehilite', 'attr_list'])
c('fenced-ch-classes', '```{ .text .x .y linenums="true" }\na\nb\n```', ['fenced_code', 'codehilite'])
c('fenced-in-list', '* item\n\n    ```\n    code\n    ```\n', ['fenced_code'])
c('fenced-unclosed', '```\nabc\n', ['fenced_code'])
c('fenced-nested', '````\n```\ninner\n```\n````', ['fenced_code'])

# ---- codehilite
c('ch-basic', 'para\n\n    plain text here\n    more < & >\n', ['codehilite'], {'codehilite': {'css_class': 'highlight'}})
c('ch-text-header', '    :::text\n    x\n    y', ['codehilite'])
c('ch-shebang-text', '    #!text\n    x\n    y', ['codehilite'])
c('ch-hl', '    :::text hl_lines="1 3"\n    x\n    y\n    z', ['codehilite'])
c('ch-linenums', '    :::text\n    x\n    y', ['codehilite'], {'codehilite': {'linenums': True}})
c('ch-linenums-inline', '    :::text\n    x\n    y', ['codehilite'], {'codehilite': {'linenos': 'inline', 'linenostart': 9, 'linenospecial': 10}})
c('ch-noclasses', '    :::text hl_lines="2"\n    x\n    y', ['codehilite'], {'codehilite': {'noclasses': True, 'linenums': True, 'linenospecial': 2}})
c('ch-nopyg', '    :::python\n    x', ['codehilite'], {'codehilite': {'use_pygments': False}})
c('ch-nopyg-lines', '    #!js\n    x', ['codehilite'], {'codehilite': {'use_pygments': False, 'lang_prefix': 'l-'}})
c('ch-noguess', '    x = 1', ['codehilite'], {'codehilite': {'guess_lang': False}})
c('ch-path', '    #!/usr/bin/env text\n    x', ['codehilite'], {'codehilite': {'guess_lang': False}})
c('ch-style', '    :::text hl_lines="1"\n    x', ['codehilite'], {'codehilite': {'pygments_style': 'monokai', 'noclasses': True}})
c('ch-html5', '    :::text\n    x', ['codehilite'], {'__format': 'html5'})

# ---- footnotes
c('fn-basic', 'Text[^1] and[^note].\n\n[^1]: First.\n[^note]: Second\n    continued\n\n    para two\n', ['footnotes'])
c('fn-dup', 'A[^1] B[^1] C[^1]\n\n[^1]: Note[^2].\n[^2]: Other[^1].', ['footnotes'])
c('fn-missing', 'A[^x]', ['footnotes'])
c('fn-marker', 'A[^1]\n\n///Footnotes Go Here///\n\nB\n\n[^1]: n', ['footnotes'])
c('fn-marker-cfg', 'A[^1]\n\n~~~placemarker~~~\n\n[^1]: n', ['footnotes'], {'footnotes': {'PLACE_MARKER': '~~~placemarker~~~'}})
c('fn-opts', 'A[^1][^2]\n\n[^1]: n\n[^2]: m', ['footnotes'], {'footnotes': {'UNIQUE_IDS': True, 'BACKLINK_TEXT': '&uarr;', 'SUPERSCRIPT_TEXT': '[{}]', 'BACKLINK_TITLE': 'Back %d', 'SEPARATOR': '-'}})
c('fn-list', 'A[^1]\n\n[^1]:\n    * a\n    * b\n', ['footnotes'])
c('fn-empty', 'A[^1]\n\n[^1]:\n', ['footnotes'])
c('fn-before', 'Para\n[^1]: def in para\nA[^1]', ['footnotes'])
c('fn-code', 'A[^1]\n\n[^1]: x\n\n        code in note\n', ['footnotes'])

# ---- extra
c('extra', 'Term\n:   Def[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n*[HTML]: Hyper\n\nHTML here\n\n```py\nx\n```\n\n[^1]: note {: .x }\n\n<div markdown="1">*in*</div>\n', ['extra'])
c('extra-cfg', 'A[^1]\n\n~~~placemarker~~~\n\n[^1]: n', ['extra'], {'extra': {'footnotes': {'PLACE_MARKER': '~~~placemarker~~~'}}})
c('site', '# Title :x:\n\nTitle: no\n\n    code block\n\n```\nfenced\n```\n\n## Sub\n\n[TOC]', ['extra', 'codehilite', 'toc', 'meta'], {'codehilite': {'css_class': 'highlight'}, '__format': 'html5'})
c('toc-code-in-header', '# Use `<div>` & `a&amp;b`\n\n[TOC]', ['toc'])
c('toc-nested-marker', '# A\n\n* item\n\n    [TOC]\n\n<div>[TOC]</div>\n\n    [TOC]\n', ['toc'])
c('toc-inline-marker', '# A\n\nsee [TOC] here\n', ['toc'])
c('toc-existing-id', '<h1 id="a">raw</h1>\n\n# a\n\n# A\n', ['toc'])
c('toc-baselevel-str', '# A\n\n## B', ['toc'], {'toc': {'baselevel': '2'}})
c('meta-continuation-first', '    indented: x\nTitle: y\n\nbody', ['meta'])
c('meta-keys', 'Title:   spaced value   \nEmpty:\nmulti_word-Key: v\n---\n\nbody', ['meta'])
c('meta-begin-only', '---\n\nbody', ['meta'])
c('meta-yaml-dashes', '---\nTitle: t\n---\nbody', ['meta'])
c('fenced-tilde-backtick-mismatch', '```\ncode\n~~~\n\ntext', ['fenced_code'])
c('fenced-two', '```a\n1\n```\n\ntext\n\n```b\n2\n```', ['fenced_code'])
c('fenced-empty', '```\n```', ['fenced_code'])
c('fenced-quote-attr', '```{ .x data-q=\'a"b\' }\ncode\n```', ['fenced_code', 'attr_list'])
c('fenced-ch-noguess', '```\nx = 1\n```', ['fenced_code', 'codehilite'], {'codehilite': {'guess_lang': False}})
c('fenced-ch-css', '```text\nx\n```', ['fenced_code', 'codehilite'], {'codehilite': {'css_class': 'highlight', 'linenums': 'true'}})
c('ch-extra-opts', '    :::text\n    x\n    y', ['codehilite'], {'codehilite': {'lineanchors': 'L', 'linespans': 'S', 'anchorlinenos': 'true', 'linenums': 'True', 'filename': 'a.txt'}})
c('ch-nowrap', '    :::text\n    x\n    y', ['codehilite'], {'codehilite': {'nowrap': True}})
c('ch-tabs', '    :::text\n    a\tb\n', ['codehilite'], {'codehilite': {'tabsize': 8}})
c('ch-inline-aln', '    :::text\n    x\n    y', ['codehilite'], {'codehilite': {'linenos': 'inline', 'anchorlinenos': True, 'lineanchors': 'A', 'noclasses': True}})
c('ch-in-list', '* item\n\n        :::text\n        code\n', ['codehilite'])
c('fn-nested-def', 'A[^1]\n\n[^1]: one\n\n    [^2]: inner\n\nB[^2]', ['footnotes'])
c('fn-redefine', 'A[^1]\n\n[^1]: first\n[^1]: second', ['footnotes'])
c('fn-in-header', '# H[^1]\n\n[^1]: n', ['footnotes', 'toc'])
c('fn-marker-tail', 'A[^1]\n\n*x* ///Footnotes Go Here///\n\n[^1]: n', ['footnotes'])
c('fn-marker-deep', '> A[^1]\n>\n> ///Footnotes Go Here///\n\n[^1]: n', ['footnotes'])
c('fn-html5', 'A[^1]\n\n[^1]: n', ['footnotes'], {'__format': 'html5'})
c('attr-header-hashes', '## H2 ##    {: .x }\n\n### H3 {: .y } ###', ['attr_list'])
c('attr-empty', 'p\n{: }\n\np\n{:}', ['attr_list'])
c('attr-li-tail', '* a *b* {: .c }\n', ['attr_list'])
c('attr-curly-only', 'p\n{ .x }', ['attr_list'])
c('legacy-atomic', '`{@id=x}` and {@title=y}', ['legacy_attrs'])

# ---- md_in_html interplay
c('mih-toc', '<div markdown="1">\n# Head {: .x }\n\npara[^1]\n\n```\ncode\n```\n\n    indented\n</div>\n\n[TOC]\n\n[^1]: note', ['extra', 'toc', 'codehilite'], {'codehilite': {'guess_lang': False}})
c('mih-nested', '<section markdown="1">\n<div markdown="1">\n## Inner *x*\n\n[TOC]\n</div>\n</section>\n\n# Outer', ['extra', 'toc'])
c('mih-span', '<p markdown="1">[TOC] *x* {: .y }</p>\n\n# H', ['extra', 'toc'])
c('mih-fn-marker', 'A[^1]\n\n<div markdown="1">\n///Footnotes Go Here///\n</div>\n\n[^1]: n', ['extra'])
c('raw-h', '<h2 id="x">Raw</h2>\n\n## x\n\n[TOC]', ['extra', 'toc'])
c('mih-code', '<div markdown="1">\n    :::text\n    x\n</div>', ['extra', 'codehilite'])

def literal(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '"': out.append('\\"')
        elif ch == '\n': out.append('\\n')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20 or o == 0x7f: out.append('\\%03o' % o)
        else: out.append(ch)
    return '"' + ''.join(out) + '"'


# Pygments' HtmlFormatter on the plain TextLexer: (code, options).
PYGMENTS = [
    ('a\n\nb', {}),
    ('\n\n  a < b & "c" \'d\'  \n\n', {}),
    ('  x  \n', {'stripall': True}),
    ('\nx', {'stripnl': False, 'ensurenl': False}),
    ('a\tb', {'tabsize': 4}),
    ('a\nb\nc', {'hl_lines': '1 3 x', 'cssclass': 'hl', 'wrapcode': True}),
    ('a\nb', {'hl_lines': [2], 'noclasses': True, 'cssstyles': 'border: 0', 'prestyles': 'margin: 0'}),
    ('\n'.join('l%d' % i for i in range(12)), {'linenos': 'table', 'linenostart': 5, 'linenostep': 3, 'linenospecial': 4}),
    ('\n'.join('l%d' % i for i in range(12)), {'linenos': 'inline', 'linenostart': 95, 'anchorlinenos': True, 'linespans': 's'}),
    ('a\nb', {'linenos': True, 'noclasses': True, 'linenospecial': 1, 'nobackground': True, 'filename': 'f.txt'}),
    ('a\nb', {'lineanchors': 'x', 'lineseparator': '<br>', 'cssclass': ''}),
    ('a\nb', {'nowrap': True, 'hl_lines': '1'}),
    ('', {}),
    ('a\nb', {'style': 'monokai', 'noclasses': True, 'hl_lines': [1], 'linenos': 'inline', 'linenospecial': 2}),
    ('a\nb', {'style': 'solarized-dark', 'noclasses': True, 'linenos': True}),
]

print('// Generated by ext_cases.py from Python-Markdown 3.4.1; do not edit.')
print('// {name, source, extensions, extension_configs, output_format, html, toc, toc_tokens, meta}')
print('const OracleCase kOracleCases[] = {')
for name, src, exts, cfg in CASES:
    fmt = cfg.pop('__format', 'xhtml')
    md = markdown.Markdown(extensions=exts, extension_configs=cfg, output_format=fmt)
    html = md.convert(src)
    fields = [name, src, json.dumps(exts), json.dumps(cfg), fmt, html, getattr(md, 'toc', ''),
              json.dumps(getattr(md, 'toc_tokens', []), ensure_ascii=False),
              json.dumps(getattr(md, 'Meta', {}), ensure_ascii=False)]
    print('{' + ',\n '.join(literal(f) for f in fields) + '},')
print('};')
print()
print('// {code, options, html}: pygments.highlight(code, TextLexer(**options), HtmlFormatter(**options))')
print('const PygmentsCase kPygmentsCases[] = {')
from pygments import highlight
from pygments.lexers import TextLexer
from pygments.formatters import HtmlFormatter
for code, options in PYGMENTS:
    html = highlight(code, TextLexer(**options), HtmlFormatter(**options))
    print('{' + ',\n '.join(literal(f) for f in [code, json.dumps(options), html]) + '},')
print('};')
