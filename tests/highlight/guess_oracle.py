#!/usr/bin/python3
"""Differential test of our guess_lexer port against Pygments 2.14.

    /usr/bin/python3 tests/highlight/guess_oracle.py GUESS_TOOL [--min N] [--max-diffs D] [--verbose]

The texts: every code block Python-Markdown hands to `guess_lexer` in the
Markdown of the conformance data (the seedsite blog, the Python-Markdown and
Pelican test suites), the highlight corpus files, whole conformance files
(HTML, XML, CSS, reST, Python...) and synthetic cases aimed at the
analysers, each also cut into pieces (first line, last line...). Each is guessed by Pygments (this interpreter) and by GUESS_TOOL
(tests/highlight/guess_tool.cc); the lexer names must agree.
Prints "agreement N/M" and the disagreements; exits 1 when fewer than
--min texts agree or more than --max-diffs disagree.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import markdown
import markdown.extensions.codehilite as codehilite
from pygments.lexers import guess_lexer
from pygments.util import ClassNotFound

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = "/work/shared/conformance"

SYNTHETIC = [
    "", " ", "\n", "x", "hello world", "a: b", "foo : bar", "10 PRINT \"HI\"",
    "#!/bin/bash\necho hi", "#!/usr/bin/env python3\nprint(1)", "#!/usr/bin/python2.7\nprint 1",
    "#!/usr/bin/env perl -w\nprint 1;", "#!/usr/bin/env ruby\nputs 1", "#!/usr/bin/env node\n1",
    "#!/bin/zsh\nls", "#!/usr/bin/env php\n<?php echo 1;", "#!C:\\Python\\python.exe\n1",
    "#!/usr/bin/env -S julia\n1", "#!/usr/bin/tclsh\nputs 1", "#!/usr/bin/env groovy\n1",
    "#!/usr/bin/execlineb\n1", "#!/usr/bin/env rakudo\nsay 1", "#!\n", "#! \n", "#!/usr/bin/env\n",
    "$ ls -l\ntotal 0", "$ pip install foo", "> dir", "PS C:\\> dir",
    "<?xml version=\"1.0\"?>\n<a/>", "<?xml version='1.0'?><xsl:stylesheet/>",
    "<!DOCTYPE html>\n<html></html>", "<!doctype HTML>\n<p>x</p>", "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\">",
    "<div><p>text</p></div>", "<b>bold</b>", "<br>", "<?php echo 1; ?>", "<?= $x ?>",
    "<!ELEMENT note (to,from)>", "{% extends 'base.html' %}\n{% block x %}{% endblock %}",
    "{{ name }}", "{% if x %}y{% endif %}", "<% if x %>y<% end %>", "${name} py:if=\"x\"",
    "{if $x}y{/if}", "{$x}", "#if($x) y #end", "$foo.bar()", "$evoque{x}",
    "import os\nos.getcwd()", "from x import y", "import numpy as np", "import foo;",
    "using namespace std;", "#include <stdio.h>\nint main() {}", "#include \"a.h\"", "#ifdef X\n#endif",
    "diff --git a/x b/x", "--- a/x\n+++ b/x", "Index: foo", "[section]\nkey=value", "[s]\r\nk=v",
    "[a]\nb", "x = 1\n[a]", "GET / HTTP/1.1\nHost: x", "POST /api HTTP/1.1", "CONNECT x:443 HTTP/1.1",
    "my $x = 1;", "our @list;", "my $x := 1;", "use v6;\nsay 1;", "class Foo { }", "my class Foo { }",
    "x <- c(1, 2)", "x <-- y", "SELECT [name] FROM [table]", "SELECT `a`, `b` FROM t", "DECLARE @x INT",
    "SELECT @a GO", "a := 1", "(* c *) PROCEDURE X; a := 1", "(* c *) FUNCTION X; a := 1",
    "Qed. Proof.", "foo :- bar.", ":- object(foo).", ":- dynamic foo/1.", "\\documentclass{article}",
    "\\input foo", ".TH FOO 1", ".\\\"comment", ".SH NAME", ".SH", ".ab", ".text\nmov", ".globl main",
    "PROC x", "proc x", "vcl 4.0;", "# c\nvcl 4.0;", "deb http://x y z", "  deb-src http://x y",
    "Windows Registry Editor Version 5.00", "root:table{}", "/* rexx */ say hi",
    "/* c */\nparse arg x\naddress command", "/* c */ int x;", "..  note::", "...", "Title\n=====\n\ntext",
    "Title\n-----", "Title\n---", "$DYNAMIC", "@LANG: c\n", "@LANG: indep", "|0100 x",
    "++++++++[>++++[>++>+++<<-]>+<<-]", "[-]", "model {\n x ~ dnorm(0,1)\n}", "model {\n}\ndata {\n}",
    "parameters {\n real x;\n}", "module Foo\nend Module", "Namespace X", "#If DEBUG", "implement Foo;",
    "%hook Foo\n%end", "@interface Foo\n@end", "@\"str\"", "@42", "[obj msg]", "[obj msg:1]",
    "@import <Foundation/Foundation.j>", "END. END PROCEDURE.", "tagof x", "#declare x camera light_source",
    "SinOsc.ar", "%module foo", "%foo bar", "GameMainDef versionInfo IFID", "endsuspend endrepeat",
    "\\self /self", "freezeif waituntil", "reg wire assign", "## Interface: 100207\nfoo.lua",
    "## Interface: 1\nfoo.xml", "endelse endswitch", "origsource", "\borigsource\b", "PARM x\nJOB INPUT x",
    "* comment\nMACRO x", "FILE x y\nJOB INPUT\nPROC a\nEND-PROC b", "//MYJOB JOB (ACCT)", "//x job",
    "$x$", "f(x) := x^2;", "GAME", "gap> 1+1;", "DeclareOperation(\"x\")", "InstallMethod(x)",
    "func _ready():\n\tpass", "extends Node\nvar x = 1", "const x = 1", "Page Language=\"C#\"",
    "<script runat=server language=\"C#\">", "Page Language=\"Vb\"", "scheme X = class type",
    "val x: Int = 1", "<%@ page %>", "bin/lasso9", "<?lasso x ?>", "local(x)", "a:b; padding:0;",
    "(import foo)", "(defn foo [])", "public method foo", "osversion", "%post\nfoo", "|> <|",
    "\n: sq dup * ;\n", "\\* \\_", "// c\nx", "/* c */", "mkDerivation {", "import <nixpkgs>",
    "x = mkIf y", "{a, b}:", "{{ ref('x') }}", "{{ source('a', 'b') }}",
    "{% macro m(x) %}\n y \n{% endmacro %}", "</%init>", "<& comp &>", "function y = f(x)\n end",
    "% comment\nx = 1", "!ls", "\fmessage{", "REBOL [\n]", "x REBOL [", "-----BEGIN PGP MESSAGE-----\nabc",
    "10REM >x", "REM >x", "CMAKE_MINIMUM_REQUIRED(VERSION 3.10)", "cmake_minimum_required(VERSION 3.10) # c",
    "<!ENTITY x \"y\">", "$x = 1", "@base <http://x> .", "PREFIX x: <y>", "  @prefix x: <y> .",
    ".class public Lfoo;\n.super Ljava/lang/Object;", ".class public foo\n.limit stack 2",
    "x = 1 # vim: set ft=python :", "# vim: ft=ruby\nx", "# vim: ft=nosuchlexer\nx",
    "/* vim: set syntax=c: */", "ex: ft=sh", "# -*- mode: python -*-", "break", "while true do",
    "wait", "Tamil: \u0ba4\u0bae\u0bbf\u0bb4\u0bcd \u0ba4\u0bae\u0bbf\u0bb4\u0bcd \u0ba4\u0bae\u0bbf\u0bb4\u0bcd",
    "+" * 64 + "x" * 192, "+" * 65 + "x" * 191, "<" * 80 + "x" * 220, "-" * 76 + "x" * 224,
    "\u0ba4" * 10, "\u0ba4" * 11, ".ab\n", ".a\tb", ".a\u00e9 x", ".1b c", "._b c", "Ti\r\n==\r\nx",
    "=begin pod\nmy $x\n=end pod\nclass Foo", "=begin pod\nx\n=cut\nmy class X", "our $x; class Y",
    "use v6.0.1;", "# c\n\nmodule X", "function x\n", " % c\nfunction f", "function f {",
    "%foo\n%module x", "  %typemap(in)", "## Interface: 100207\n", "## interface : 11302", "## Interface: 12",
    "//X JOB", "//TOOLONGNAME JOB x", "\n  @prefix x: <y> .", "x\n@prefix x", "[a]\r\nb=c", "[ab]",
    "\n\n", "* c\n\n* d", "* c\nMACRO", "JOB\nPARM x\nJOB y\nPROC p\nEND-PROC q\nREPORT r\nREPORT s t",
    "x\tPARM a\nJOB b\nPROC c", "/*\nif a then do\nelse do\nx: procedure\nparse upper arg y", "/* REXX */",
    "/*\ndo while x\naddress y", "Windows Registry Editor", "root:tablex", "\\relax", "\\inputx",
    "<html><body>hi</body></html>", "<?xml?>", "  <?xml version='1.0' ?>", "<!DOCTYPE note [<!ELEMENT x>]>",
    "<!DOCTYPE  HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"x\">", "<!DOCTYPE htmlx>", "<!ELEMENT a> <b>c</b>",
    "<xsl:template><a>b</a></xsl:template>", "{% block a %}<!DOCTYPE html>", "<% x %><!DOCTYPE html>",
    "<?php x ?><!DOCTYPE html>", "{if $a}b{/if}<!DOCTYPE html>", "local(x)<!DOCTYPE html>", "$evoque",
    "${x}<a>b</a>", "py:for=\"x\"", "{{ x }}<a>b</a>", "{$x}<a>b</a>", "#macro(x) y #end<a>b</a>",
    "<% a %><a>b</a>", "val x: Int <a>b</a>", "<?php", "<?xml", "<?", "x <?php y", "a`b`c[d]e", "`a` `b` [c]",
    "[a] [b] `c`", "`a` [b] [c]", "@x go", "GO", "declare @x", "camera #version", "x\n.data\n", " .text",
    "tagof", "sc SinOsc", "model{\n}\nvar x", "x\n model {", "Module m\nEnd Module", "  #If X",
    "a\n: x y ;\nb", ": x ;", "gap> ", " gap> ", "InstallTrueMethod", "NewType Objectify",
    "func _init():", "func x():", "signal s", "import a <b>", "{ a, b }:", "x = mkIf  y",
    "(*x*) PROCEDURE := FUNCTION", "(*x*) PROCEDURE :=", "my $x := 1", "our @x", "has $.x", "my Int $x",
    "\u00e9\u00e9\u00e9 import os", "x" * 995 + "import y", "x" * 1000 + "import y", "\u00e9" * 995 + "import y",
    "\u00e9" * 996 + "import y", "x" * 998 + "\nvcl 4.0;", "|0100", "x" * 497 + "|0100", "x" * 496 + "|0100",
    "BEGIN END PROCEDURE", "-> BEGIN END", "END.\nELSE DO:", "endsuspend", "procedure end", ":= x",
    "freezeif", "wire", "x.lua", "X.XML", "reg", "a \\* b", "\\_", "@if x", "|> x", "<| x", "$x$",
    "x$\n", ":= 1", "#!/usr/bin/env python3.11\nx", "#!/usr/bin/pythonw\nx", "#!/usr/bin/python2.7 -u\nx",
    "#!/bin/sh -e\nx", "#!/usr/local/bin/ZSH\nx", "#!/usr/bin/env perl6\nx", "#!/usr/bin/env bash -x -e",
    "#!C:\\Perl\\perl.exe", "#!/usr/bin/ruby1.9", "#!/usr/bin/env julia", "#!/usr/bin/tcl",
    "#!/usr/bin/env tclsh", "#!/usr/bin/env php5", "# vi: ft=c", "# vim600: syn=perl", "# ex:filetype=sql",
    "a\nb\nc\nd\ne\nf\ng # vim: ft=lua\nh\ni\nj\nk\nl\nm\nn", "# vim: ft=lua\n" + "x\n" * 12,
    "x\n" * 5 + "# vim: ft=lua\n" + "x\n" * 6, "# vim: ft=lua:\n", "vim: ft=", "vim:ft=PYTHON",
    "caf\u00e9 import x", "\u00e9\u00e9\u00e9\nimport os", ".\u00e9t x", "[\u00e9\u00e9]\nk=v",
    "\u00e9\u00e9\n--", "x\r\ny", "a\x0bb", "<a>\u00e9</a>", "#!/usr/bin/env python\r\nx",
]


def markdown_blocks():
    """The texts codehilite gives guess_lexer for the conformance Markdown."""
    seen = []
    real_guess = codehilite.guess_lexer

    def recording_guess(text, **options):
        seen.append(text)
        return real_guess(text, **options)

    codehilite.guess_lexer = recording_guess
    try:
        files = sorted(glob.glob(CONFORMANCE + "/**/*.md", recursive=True) +
                       glob.glob(CONFORMANCE + "/python-markdown/**/*.txt", recursive=True))
        for path in files:
            with open(path, encoding="utf-8") as f:
                source = f.read()
            md = markdown.Markdown(extensions=["extra", "codehilite", "toc", "meta"],
                                   extension_configs={"codehilite": {"css_class": "highlight"}})
            try:
                md.convert(source)
            except Exception:  # a test input Python-Markdown rejects
                pass
    finally:
        codehilite.guess_lexer = real_guess
    return seen


def whole_files():
    paths = sorted(glob.glob(os.path.join(HERE, "corpus", "*")))
    for ext in ("html", "xml", "css", "rst", "py", "xhtml", "md", "txt"):
        paths += sorted(glob.glob(CONFORMANCE + "/**/*." + ext, recursive=True))[:60]
    texts = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
        except (UnicodeDecodeError, IsADirectoryError):
            pass
    return texts


def variants(text):
    """Pieces of a text, for the analysers that look at its start or end:
    its first line, first three lines, last line and first 200 characters."""
    lines = text.split("\n")
    return ["\n".join(lines[:1]), "\n".join(lines[:3]), lines[-1], text[:200]]


def corpus():
    """Every text, once, in a stable order."""
    texts = []
    seen = set()
    for text in markdown_blocks() + whole_files() + SYNTHETIC:
        for variant in [text] + variants(text):
            if variant not in seen:
                seen.add(variant)
                texts.append(variant)
    return texts


def pygments_name(text):
    try:
        return guess_lexer(text).name
    except ClassNotFound:
        return "Text only"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tool")
    parser.add_argument("--min", type=int, default=None, help="fewest agreements accepted")
    parser.add_argument("--max-diffs", type=int, default=None, help="most disagreements accepted")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    texts = corpus()
    expected = [pygments_name(t) for t in texts]
    run = subprocess.run([args.tool], input=json.dumps(texts), capture_output=True, text=True, check=True)
    actual = json.loads(run.stdout)

    agree = 0
    for text, want, got in zip(texts, expected, actual):
        if want == got:
            agree += 1
            if args.verbose:
                print("ok   %-20s %r" % (want, text[:60]))
        else:
            print("DIFF pygments=%r ours=%r text=%r" % (want, got, text[:200]))
    print("agreement %d/%d" % (agree, len(texts)))
    if args.min is not None and agree < args.min:
        print("below the threshold %d" % args.min)
        return 1
    if args.max_diffs is not None and len(texts) - agree > args.max_diffs:
        print("more than %d disagreements" % args.max_diffs)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
