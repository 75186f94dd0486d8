"""Builds a Python-Markdown 3.4.1 converter from a stacks configuration (the
JSON of Python-Markdown keyword arguments, e.g. examples/markdown.json), for
the differential test and the benchmark.

Two things differ from calling markdown.Markdown(**config) directly:
- `github_emoji` (the seed blog's extension, not shipped with Python-Markdown)
  is replaced by the oracle in gh_emoji.py beside this file, or by a minimal
  fallback written from issue 2's description when that file is missing;
- with plain_highlight=True, codehilite prints every block the way Pygments
  prints plain text, as stacks does while it has no highlighter (the lexer is
  never guessed, which also keeps the oracle fast).
"""
import copy
import importlib
import json
import os
import sys
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import codehilite

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
EMOJI_NAMES = ("github_emoji",)


def load_config(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _emoji_extension(config):
    """The emoji oracle: gh_emoji.makeExtension(**config) when present."""
    sys.path.insert(0, HERE)
    try:
        module = importlib.import_module("gh_emoji")
    except ImportError:
        module = None
    finally:
        sys.path.pop(0)
    if module is not None and hasattr(module, "makeExtension"):
        config = dict(config)
        if "emoji" not in config:  # load the table once, not per Markdown object
            with open(os.path.join(REPO, "data", "github-emojis.json"), encoding="utf-8") as f:
                config["emoji"] = json.load(f)
        return module.makeExtension(**config)
    print("oracle_markdown: tests/markdown/oracle/gh_emoji.py missing, using the fallback emoji oracle",
          file=sys.stderr)
    return _FallbackEmojiExtension(**config)


class _FallbackEmojiProcessor(markdown.inlinepatterns.InlineProcessor):
    """`:name:` becomes <div class="ghe_emoji"><img ...></div>; unknown names stay text."""

    def __init__(self, table):
        super().__init__(r'(:)((?:[\+\-])?[_0-9a-zA-Z]*?):')
        self.table = table

    def handleMatch(self, m, data):
        name = m.group(2)
        url = self.table.get(name, "")
        if not url:
            return None, None, None
        div = etree.Element("div")
        div.set("class", "ghe_emoji")
        img = etree.SubElement(div, "img")
        img.set("class", "ghe_emoji")
        img.set("src", url)
        img.set("title", name)
        img.set("alt", name)
        return div, m.start(0), m.end(0)


class _FallbackEmojiExtension(markdown.extensions.Extension):
    def __init__(self, **kwargs):
        self.config = {"emoji_json": [os.path.join(REPO, "data", "github-emojis.json"), "name -> URL table"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        if not hasattr(self, "table"):
            with open(self.getConfig("emoji_json"), encoding="utf-8") as f:
                self.table = json.load(f)
        md.inlinePatterns.register(_FallbackEmojiProcessor(self.table), "emoji", 65)


def _plain_highlight(src, lexer, formatter):
    from pygments import highlight
    from pygments.lexers import TextLexer
    return highlight(src, TextLexer(**lexer.options), formatter)


def _text_lexer(_src, **options):
    from pygments.lexers import TextLexer
    return TextLexer(**options)


def use_plain_highlight():
    """Makes codehilite print every block as Pygments prints plain text."""
    codehilite.highlight = _plain_highlight
    codehilite.guess_lexer = _text_lexer


def markdown_kwargs(config):
    """Keyword arguments for markdown.Markdown from a stacks configuration."""
    kwargs = copy.deepcopy(config)
    ext_configs = kwargs.pop("extension_configs", {})
    extensions = []
    for name in kwargs.pop("extensions", []):
        if name in EMOJI_NAMES:
            extensions.append(_emoji_extension(ext_configs.pop(name, {})))
        else:
            extensions.append(name)
    kwargs["extensions"] = extensions
    kwargs["extension_configs"] = ext_configs
    return kwargs


def converter_factory(config, plain_highlight=True):
    """Returns a function text -> html that builds a fresh Markdown per call,
    as Pelican's reader does for every file."""
    if plain_highlight:
        use_plain_highlight()
    kwargs = markdown_kwargs(config)

    def convert(text):
        return markdown.Markdown(**kwargs).convert(text)
    return convert
