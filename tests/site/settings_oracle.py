#!/usr/bin/python3
"""Differential test: stacks' settings loader against Pelican 4.8's read_settings.

Each case is a settings file plus command-line options. Pelican's side runs
`pelican.settings.read_settings` the way `pelican` does from the command line
(get_config + read_settings); stacks' side runs tests/site/settings_dump. The
resulting dicts must be equal, key for key, after these documented mappings:
  - THEME: when unset, Pelican gives the path of its own `simple` theme and
    stacks gives `default` (its built-in theme);
  - tuples and Pelican's PaginationRule namedtuples are JSON arrays on both
    sides, and stacks must list each of them in "tuples";
  - the reference blog imports `python_markdown_gh_emoji`; a stub module makes
    `GheEmoji.load_from_github()` return "github_emoji", the name stacks puts
    in its place.

Usage: settings_oracle.py --dump PATH/TO/settings_dump [-v]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
SHARED = os.path.normpath(os.path.join(SOURCE_DIR, "..", "shared", "conformance"))
SEEDSITE = os.path.join(SHARED, "seedsite", "site")
SAMPLES = os.path.join(SHARED, "pelican", "samples")
THEMES = os.path.join(SHARED, "pelican", "themes")

PELICAN_SIDE = r'''
import json, os, sys, types
sys.path.insert(0, os.getcwd())
stub = types.ModuleType("python_markdown_gh_emoji")
class GheEmoji:
    @staticmethod
    def load_from_github():
        return "github_emoji"
stub.GheEmoji = GheEmoji
sys.modules["python_markdown_gh_emoji"] = stub
import logging
logging.disable(logging.CRITICAL)
from pelican import parse_arguments, get_config
from pelican.settings import read_settings, DEFAULT_THEME
args = parse_arguments(sys.argv[1:])
settings = read_settings(args.settings, override=get_config(args))
settings.pop("DEBUG", None)
tuples = []
def walk(value, pointer):
    if isinstance(value, tuple):
        tuples.append(pointer)
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            walk(item, pointer + "/" + str(i))
    elif isinstance(value, dict):
        for k, v in value.items():
            walk(v, pointer + "/" + str(k).replace("~", "~0").replace("/", "~1"))
for key, value in settings.items():
    walk(value, "/" + key)
if settings.get("THEME") == DEFAULT_THEME:
    settings["THEME"] = "default"
import copy
from pelican.readers import MarkdownReader
reader_settings = copy.deepcopy(settings)
MarkdownReader(reader_settings)
print(json.dumps({"settings": settings, "tuples": tuples, "markdown_reader": reader_settings["MARKDOWN"]},
                 ensure_ascii=False, default=repr))
'''


def write(folder, name, text):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def cases(scratch):
    """(name, working folder, argv) for each comparison."""
    content = os.path.join(scratch, "content")
    os.makedirs(os.path.join(content, "pages"), exist_ok=True)
    os.makedirs(os.path.join(scratch, "mytheme"), exist_ok=True)
    yield "defaults", scratch, [content, "-t", "mytheme"]
    yield "seedsite pelicanconf", SEEDSITE, ["-s", "pelicanconf.py", "-t", os.path.join(THEMES, "simple")]
    yield "seedsite publishconf", SEEDSITE, ["-s", "publishconf.py", "-t", os.path.join(THEMES, "simple"),
                                             "-o", os.path.join(scratch, "out")]
    yield "samples custom", scratch, [os.path.join(SAMPLES, "content"), "-s",
                                      os.path.join(SAMPLES, "pelican.conf.py"), "-t",
                                      os.path.join(THEMES, "notmyidea"), "-e", 'LOCALE="en_US.UTF-8"']
    yield "samples custom_locale", scratch, [os.path.join(SAMPLES, "content"), "-s",
                                             os.path.join(SAMPLES, "pelican.conf_FR.py"), "-t",
                                             os.path.join(THEMES, "notmyidea")]
    yield "samples basic", scratch, [os.path.join(SAMPLES, "content"), "-t", os.path.join(THEMES, "notmyidea"),
                                     "-e", 'LOCALE="en_US.ISO8859-1"']
    literal = write(scratch, "literal/pelicanconf.py", LITERAL_CONF)
    os.makedirs(os.path.join(scratch, "literal", "content"), exist_ok=True)
    os.makedirs(os.path.join(scratch, "literal", "theme"), exist_ok=True)
    yield "literal subset", scratch, ["-s", literal, "-e", "DEFAULT_PAGINATION=7", 'EXTRA={"a": [1, 2.5]}',
                                      "SITENAME=null"]
    deprecated = write(scratch, "deprecated/pelicanconf.py", DEPRECATED_CONF)
    os.makedirs(os.path.join(scratch, "deprecated", "content"), exist_ok=True)
    yield "deprecated settings", scratch, ["-s", deprecated, "-t", os.path.join(THEMES, "simple")]
    # stacks.toml: stacks reads the TOML file, Pelican the equivalent .py.
    toml = write(scratch, "toml/stacks.toml",
                 SEEDSITE_TOML.replace("PLUGIN_PATHS = ['pelican-plugins']",
                                       "PLUGIN_PATHS = ['%s/pelican-plugins']" % SEEDSITE))
    os.makedirs(os.path.join(scratch, "toml", "content"), exist_ok=True)
    theme = ["-t", os.path.join(THEMES, "simple")]
    yield ("stacks.toml", scratch, ["-s", os.path.join(SEEDSITE, "pelicanconf.py")] + theme,
           ["-s", toml, "-e", 'PATH="%s"' % os.path.join(SEEDSITE, "content")] + theme)


# The reference blog's pelicanconf.py as stacks.toml (tuples become arrays).
SEEDSITE_TOML = r'''
AUTHOR = 'Eric Arellano Martinez'
SITENAME = "Eric's Software Blog"
SITEURL = 'blog.ericarellano.tech'
THEME = 'themes/Papyrus'
THEME_STATIC_PATHS = ['static']
LOCALE = 'en_us'
TIMEZONE = 'America/Los_Angeles'
DEFAULT_DATE = 'fs'
DEFAULT_LANG = 'en'
SUBTITLE = 'Terraform, Python, MLOps, Infrastructure as Code'
COPYRIGHT = '©2023'
PLUGIN_PATHS = ['pelican-plugins']
PLUGINS = ['readtime', 'search', 'neighbors', 'pelican-toc']
SEARCH_MODE = "output"
SEARCH_HTML_SELECTOR = "main"
NONE = ["FEED_ALL_ATOM", "CATEGORY_FEED_ATOM", "TRANSLATION_FEED_ATOM", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS",
        "PAGINATED_TEMPLATES.index", "PAGINATED_TEMPLATES.tag", "PAGINATED_TEMPLATES.category",
        "PAGINATED_TEMPLATES.author"]
SOCIAL = [['github', 'http://www.github.com/edamsoft-sre'],
          ['twitter', 'http://twitter.com/x'],
          ['linkedin', 'https://www.linkedin.com/in/eric-arellano-martinez/']]
DEFAULT_PAGINATION = 10
RELATIVE_URLS = true
GITHUB_URL = 'http://www.github.com/edamsoft-sre'
DISPLAY_PAGES_ON_MENU = true
DIRECT_TEMPLATES = ['index', 'search', 'tags', 'categories', 'archives']
USE_FOLDER_AS_CATEGORY = false
SHARE = [
    ["twitter", "https://twitter.com/intent/tweet/?text=Features&amp;url="],
    ["linkedin", "https://www.linkedin.com/sharing/share-offsite/?url="],
    ["reddit", "https://reddit.com/submit?url="],
    ["facebook", "https://facebook.com/sharer/sharer.php?u="],
    ["whatsapp", "https://api.whatsapp.com/send?text=Features - "],
    ["telegram", "https://telegram.me/share/url?text=Features&amp;url="],
]
INDEX_SAVE_AS = 'blog/index.html'
LINKS = [['Articles', 'http://www.ericarellano.tech/blog/']]

[MARKDOWN]
extensions = ['github_emoji']
output_format = 'html5'
[MARKDOWN.extension_configs]
'markdown.extensions.codehilite' = {css_class = 'highlight'}
'markdown.extensions.toc' = {}
'markdown.extensions.extra' = {}
'markdown.extensions.meta' = {}

[PAGINATED_TEMPLATES]
index = 0
tag = 0
category = 0
author = 0
archives = 24

[EXTRA_PATH_METADATA]
'extra/favicon.ico' = {path = 'favicon.ico'}

[TOC]
TOC_HEADERS = '^h[1-4]'
TOC_RUN = 'true'
TOC_INCLUDE_TITLE = 'true'
'''


# Every construct of the literal subset stacks reads.
LITERAL_CONF = r'''#!/usr/bin/env python
# -*- coding: utf-8 -*- #
from __future__ import unicode_literals
import os
import sys
sys.path.append(os.curdir)

AUTHOR = 'Zoë'
SITENAME = "It's " 'a ' """triple
quoted""" r' \d raw'
SITEURL = 'https://example.com/'
PATH = 'content'
THEME = "theme"
OUTPUT_PATH = '../out'
CACHE_PATH = 'cache'
PLUGIN_PATHS = 'plugins'
TIMEZONE = 'Europe/Paris'
DEFAULT_LANG = 'EN'
LOCALE = 'C'
ESCAPES = '\t\x41\u00e9\N{BULLET}\N{latin small letter a with grave}\101\q\
end'
PERCENT = '%s/%d/%05.1f/%-4s|%r' % ('a', 7, 3.14159, 'x', 'q')
NAMED = '%(year)s-%(slug)s' % {'year': 2020, 'slug': 'x'}
FORMATTED = '{0}-{name}-{1:>4}-{2:.2f}-{{lit}}'.format('a', 'b', 2.0, name='n')
ARTICLE_URL = 'posts/{date:%Y}/{slug}/'
ARTICLE_SAVE_AS = ARTICLE_URL + 'index.html'
NUMBERS = [1, -2, 0x1F, 1_000, 1.5, 2e3, .5, 7 // 2, 7 % 3, 2 ** 10, 10 / 4, True, False, None]
TUPLES = ((1, 'a'), ('single',), ())
MENUITEMS = (('Home', '/'),
             ('About', '/about/'),)   # trailing comma
NESTED = {'a': {'b': [1, (2, 3)]}, 'c': None, 1: 'int key'}
STATIC_PATHS = ['images', 'extra/robots.txt'] + ['pdfs']
EXTRA_PATH_METADATA = {
    'extra/robots.txt': {'path': 'robots.txt'},
}
DEFAULT_PAGINATION = 4
PAGINATION_PATTERNS = (
    (2, '{base_name}/page/{number}/', '{base_name}/page/{number}/index.html'),
    (1, '{base_name}/', '{base_name}/index.html'),
)
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'
DISPLAY_PAGES_ON_MENU = not False
COPY = SITEURL
JINJA_ENVIRONMENT = {'trim_blocks': False}
MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {'permalink': True}}, 'output_format': 'html5'}
MARKDOWN['extension_configs']['markdown.extensions.extra'] = {}
DIRECT_TEMPLATES = ['index'] * 2
LIST_OPS = []
LIST_OPS.append('x')
LIST_OPS.extend(['y', 'z'])
LIST_OPS += ['w']
JOINED = '/'.join(['a', 'b']).upper()
JOINED_PATH = os.path.join('a', 'b')
CHAINED_A = CHAINED_B = 'same'
COND = 'yes' if DEFAULT_PAGINATION > 3 else 'no'
MERGED = {'a': 1} | {'b': 2}
BUILTINS = dict(a=1, b=[1, 2]), list((1, 2)), str(5), len('abc')
FSTRINGS = f'https://{SITEURL}/x' 'a' f"{DEFAULT_PAGINATION:03d}" rf'\d{AUTHOR!r}' f'{{x}}' f"{AUTHOR.upper()}-{4 * 2}"
lowercase_ignored = 'not a setting'
'''

# Deprecated names Pelican 4.8 still converts.
DEPRECATED_CONF = r'''
PATH = 'content'
PLUGIN_PATH = ['plugins']
ARTICLE_DIR = 'posts'
PAGE_DIR = 'static-pages'
EXTRA_TEMPLATES_PATHS = ['templates']
PAGINATED_DIRECT_TEMPLATES = ['index', 'archives']
TAG_FEED_ATOM = 'feeds/tag_%s.atom.xml'
TRANSLATION_FEED_ATOM = 'feeds/all-%s.atom.xml'
AUTHOR_FEED_RSS = 'feeds/%40s.rss.xml'
SLUG_SUBSTITUTIONS = (('C++', 'cpp'), ('a.b', 'ab', True))
TAG_SUBSTITUTIONS = (('#', 'sharp'),)
FEED = 'feeds/old.atom.xml'
ARTICLE_PERMALINK_STRUCTURE = '/%Y/%m/%(slug)s/'
ARTICLE_URL = ARTICLE_SAVE_AS = '{slug}.html'
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = '{slug}-{lang}.html'
DRAFT_URL = DRAFT_SAVE_AS = 'drafts/{slug}.html'
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ''
PAGE_URL = PAGE_SAVE_AS = '/pages/{slug}.html'
PAGE_LANG_URL = PAGE_LANG_SAVE_AS = 'pages/{slug}-{lang}.html'
AUTORELOAD_IGNORE_CACHE = True
OUTPUT_SOURCES_EXTENSION = 5
STATIC_EXCLUDES = 'not-a-list'
'''


def run_pelican(cwd, argv):
    proc = subprocess.run(["/usr/bin/python3", "-c", PELICAN_SIDE] + argv, cwd=cwd, capture_output=True,
                          text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    if proc.returncode != 0:
        raise RuntimeError("Pelican failed:\n" + proc.stderr)
    return json.loads(proc.stdout)


def run_stacks(dump, cwd, argv):
    stacks_argv = []
    positional = []
    i = 0
    while i < len(argv):
        if argv[i] == "-e":  # Pelican's `-e K=V K=V ...`; stacks takes one -e per pair
            i += 1
            while i < len(argv) and not argv[i].startswith("-"):
                stacks_argv += ["-e", argv[i]]
                i += 1
        elif argv[i] in ("-s", "-t", "-o"):
            stacks_argv += [argv[i], argv[i + 1]]
            i += 2
        else:
            positional.append(argv[i])
            i += 1
    proc = subprocess.run([dump] + stacks_argv + positional, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError("settings_dump failed:\n" + proc.stderr)
    return json.loads(proc.stdout)


def compare(name, ours, theirs, verbose, compare_tuples=True):
    problems = []
    a, b = ours["settings"], theirs["settings"]
    for key in sorted(set(a) | set(b)):
        if key not in a:
            problems.append("missing key %s (Pelican: %r)" % (key, b[key]))
        elif key not in b:
            problems.append("extra key %s (stacks: %r)" % (key, a[key]))
        elif a[key] != b[key] or type(a[key]) != type(b[key]):
            problems.append("%s: stacks %r, Pelican %r" % (key, a[key], b[key]))
    if ours.get("markdown_reader") != theirs["markdown_reader"]:
        problems.append("MarkdownReader config: stacks %r, Pelican %r" % (ours.get("markdown_reader"),
                                                                           theirs["markdown_reader"]))
    if compare_tuples and sorted(ours["tuples"]) != sorted(theirs["tuples"]):
        problems.append("tuples: stacks %r, Pelican %r" % (sorted(ours["tuples"]), sorted(theirs["tuples"])))
    status = "equal" if not problems else "DIFFERENT"
    print("%-24s %s (%d keys)" % (name, status, len(b)))
    for p in problems:
        print("    " + p)
    if verbose:
        for m in ours.get("messages", []):
            print("    | " + m.rstrip().replace("\n", "\n    | "))
    return not problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", required=True)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="stacks-settings-")
    try:
        passed = total = 0
        for case in cases(scratch):
            name, cwd, argv = case[:3]
            stacks_argv = case[3] if len(case) > 3 else argv
            total += 1
            theirs = run_pelican(cwd, argv)
            ours = run_stacks(os.path.abspath(args.dump), cwd, stacks_argv)
            passed += compare(name, ours, theirs, args.verbose, compare_tuples=len(case) == 3)
        print("settings oracle: %d/%d cases equal" % (passed, total))
        return 0 if passed == total else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
