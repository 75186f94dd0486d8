"""Oracle for stacks' `github_emoji` extension (the seed blog's GitHub emoji
extension), written against Python-Markdown 3.4.1's legacy `Pattern` API.

- `:name:` (pattern `(:)((?:[\\+\\-])?[_0-9a-zA-Z]*?):`) is looked up in
  data/github-emojis.json (name -> URL).
- Known: <div class="ghe_emoji"><img alt=NAME class="ghe_emoji" src=URL
  title=NAME></div>.
- Unknown: the short code stays as written.
- `unicode: true`: the emoji's characters (from the code points in a
  ".../unicode/<hex>[-<hex>...].png" URL) instead of the image; names whose
  URL is not of that form keep the image.
- Registered as inline pattern `emoji`, priority 100.
"""
import json
import os
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import Pattern

EMOJI_RE = r'(:)((?:[\+\-])?[_0-9a-zA-Z]*?):'
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
UNICODE_URL_RE = re.compile(r'/unicode/([0-9a-fA-F]+(?:-[0-9a-fA-F]+)*)\.png(?:\?.*)?$')


def unicode_chars(url):
    m = UNICODE_URL_RE.search(url)
    if not m:
        return None
    return ''.join(chr(int(h, 16)) for h in m.group(1).split('-'))


class EmojiPattern(Pattern):
    def __init__(self, pattern, table, use_unicode, md=None):
        super().__init__(pattern, md)
        self.table = table
        self.use_unicode = use_unicode

    def handleMatch(self, m):
        # The legacy wrapper shifts groups: 1 = before, 2 = ':', 3 = name.
        name = m.group(3)
        url = self.table.get(name)
        if url is None:
            return ':' + name + ':'
        if self.use_unicode:
            chars = unicode_chars(url)
            if chars:
                return chars
        div = etree.Element("div")
        div.set("class", "ghe_emoji")
        img = etree.SubElement(div, "img")
        img.set("class", "ghe_emoji")
        img.set("src", url)
        img.set("title", name)
        img.set("alt", name)
        return div


class GithubEmojiExtension(markdown.extensions.Extension):
    def __init__(self, **kwargs):
        self.config = {
            'unicode': [False, 'Write the emoji characters instead of images'],
            'emoji': [{}, 'name -> URL table replacing the built-in one'],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        table = self.getConfig('emoji')
        if not table:
            with open(os.path.join(REPO, "data", "github-emojis.json"), encoding="utf-8") as f:
                table = json.load(f)
        md.inlinePatterns.register(
            EmojiPattern(EMOJI_RE, table, self.getConfig('unicode'), md), 'emoji', 100)


def makeExtension(**kwargs):
    return GithubEmojiExtension(**kwargs)
