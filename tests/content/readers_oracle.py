#!/usr/bin/python3
"""Runs Pelican 4.8's readers and content objects over tests/content/fixtures
and prints what they make of each file as JSON (the expected data of
content_readers_oracle_test, tests/content/readers.json).

    /usr/bin/python3 tests/content/readers_oracle.py > tests/content/readers.json
    /usr/bin/python3 tests/content/readers_oracle.py --check tests/content/readers.json
"""
import datetime
import json
import logging
import os
import sys

from pelican.contents import Article, Page, Static
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.urlwrappers import URLWrapper

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures')

# Settings that exercise the readers; the C++ test reads them back from the
# output (PATH excepted).
OVERRIDES = {
    'PATH': FIXTURES,
    'MARKDOWN': {
        'extension_configs': {
            'markdown.extensions.extra': {},
            'markdown.extensions.toc': {},
            'markdown.extensions.meta': {},
        },
        'output_format': 'html5',
    },
    'SITEURL': 'https://example.org',
    'TIMEZONE': 'Europe/Paris',
    'DEFAULT_DATE': (2021, 3, 4, 5, 6),
    'DEFAULT_CATEGORY': 'misc',
    'DEFAULT_METADATA': {'license': 'CC-BY'},
    'PATH_METADATA': r'(?P<section>own|seed)/.*',
    'FILENAME_METADATA': r'(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.*)',
    'EXTRA_PATH_METADATA': {'own/links.md': {'template': 'special'}},
    'SUMMARY_MAX_LENGTH': 12,
    'AUTHOR': 'Site Owner',
    'ARTICLE_URL': 'posts/{date:%Y}/{date:%m}/{slug}/',
    'ARTICLE_SAVE_AS': 'posts/{date:%Y}/{date:%m}/{slug}/index.html',
    'DATE_FORMATS': {'fr': '%d %B %Y'},
}


class Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage().replace(FIXTURES + '/', ''))


def plain(value):
    if isinstance(value, URLWrapper):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def fixture_files():
    for root, dirs, files in os.walk(FIXTURES):
        dirs.sort()
        for name in sorted(files):
            yield os.path.relpath(os.path.join(root, name), FIXTURES)


def main():
    settings = read_settings(None, override=OVERRIDES)
    collector = Collector()
    logging.getLogger('pelican').addHandler(collector)
    logging.getLogger('pelican').propagate = False
    readers = Readers(settings)
    context = {'generated_content': {}, 'static_content': {}, 'localsiteurl': settings['SITEURL']}
    items = []
    for rel in fixture_files():
        ext = os.path.splitext(rel)[1]
        if ext == '.rst':
            continue
        if ext in ('.md', '.html'):
            klass = Page if '/pages/' in '/' + rel else Article
            fmt = None
            table = 'generated_content'
        else:
            klass, fmt, table = Static, 'static', 'static_content'
        del collector.messages[:]
        obj = readers.read_file(FIXTURES, rel, content_class=klass, fmt=fmt, context=context)
        context[table][rel] = obj
        items.append((rel, klass, obj, list(collector.messages)))

    out = {'settings': {k: v for k, v in OVERRIDES.items() if k != 'PATH'}, 'items': []}
    for rel, klass, obj, read_warnings in items:
        del collector.messages[:]
        record = {'path': rel, 'kind': klass.__name__.lower(), 'read_warnings': read_warnings}
        if klass is not Static:
            record['content'] = obj.get_content(settings['SITEURL'])
            record['summary'] = obj.get_summary(settings['SITEURL'])
        record['link_warnings'] = list(collector.messages)
        items_out = record
        items_out['metadata'] = [[k, plain(v)] for k, v in obj.metadata.items()]
        for attr in ('title', 'slug', 'lang', 'status', 'category', 'template', 'date_format',
                     'locale_date', 'locale_modified'):
            if hasattr(obj, attr):
                items_out[attr] = plain(getattr(obj, attr))
        for attr in ('date', 'modified'):
            if hasattr(obj, attr):
                items_out[attr] = getattr(obj, attr).isoformat()
        items_out['authors'] = plain(getattr(obj, 'authors', []))
        items_out['tags'] = plain(getattr(obj, 'tags', []))
        items_out['in_default_lang'] = obj.in_default_lang
        out['items'].append(items_out)
    # URLs last: {attach} links above may have moved static files.
    for record, (rel, klass, obj, _) in zip(out['items'], items):
        record['url'] = obj.url
        record['save_as'] = obj.save_as
    text = json.dumps(out, indent=1, ensure_ascii=False, sort_keys=False) + '\n'
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        with open(sys.argv[2], encoding='utf-8') as f:
            if f.read() != text:
                print('Pelican output differs from ' + sys.argv[2] + '; regenerate it', file=sys.stderr)
                return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
