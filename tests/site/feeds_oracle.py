#!/usr/bin/python3
"""Expected feeds for tests/site/feeds/fixtures.json, made by Pelican 4.8's
own Writer.write_feed (feedgenerator's Atom1Feed / Rss201rev2Feed).

Each case of the fixture file gives settings, the feed type, path, URL and
title; the entries are the file's shared list (or the case's own). Entries
become objects carrying only the attributes they list (Pelican tests with
hasattr), with Category/Tag/Author from pelican.urlwrappers. datetime.now()
inside feedgenerator (the date of a feed without items) is pinned to the
file's "now".

Usage: feeds_oracle.py           rewrite tests/site/feeds/expected/*.xml
       feeds_oracle.py --check   compare them with what Pelican makes now
"""
import copy
import datetime
import json
import os
import sys
import tempfile
import types

import feedgenerator.django.utils.feedgenerator as fg
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag
from pelican.writers import Writer

HERE = os.path.dirname(os.path.realpath(__file__))
FIXTURES = os.path.join(HERE, "feeds", "fixtures.json")
EXPECTED = os.path.join(HERE, "feeds", "expected")


def pin_now(now):
    class PinnedDateTime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return now
    fg.datetime = types.SimpleNamespace(datetime=PinnedDateTime)


def make_item(entry, settings):
    item = types.SimpleNamespace()
    item.title = entry["title"]
    item.url = entry["url"]
    item.summary = entry["summary"]
    item.get_content = lambda siteurl, text=entry["content"]: text
    item.date = datetime.datetime.fromisoformat(entry["date"])
    if "modified" in entry:
        item.modified = datetime.datetime.fromisoformat(entry["modified"])
    if "category" in entry:
        item.category = Category(entry["category"], settings)
    if "tags" in entry:
        item.tags = [Tag(t, settings) for t in entry["tags"]]
    if "author" in entry:
        item.author = Author(entry["author"], settings)
    return item


def build(case, entries, output):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(case["settings"])
    settings.setdefault("FEED_DOMAIN", settings["SITEURL"])
    settings["TIMEZONE"] = "UTC"
    writer = Writer(output, settings=settings)
    items = [make_item(e, settings) for e in case.get("entries", entries)]
    writer.write_feed(items, settings, path=case["path"], url=case.get("url"),
                      feed_type=case["type"], feed_title=case.get("title"))
    with open(os.path.join(output, case["path"]), "rb") as f:
        return f.read()


def main():
    check = "--check" in sys.argv
    with open(FIXTURES, encoding="utf-8") as f:
        fixtures = json.load(f)
    pin_now(datetime.datetime.fromisoformat(fixtures["now"]))
    os.makedirs(EXPECTED, exist_ok=True)
    failures = 0
    for case in fixtures["cases"]:
        with tempfile.TemporaryDirectory() as output:
            xml = build(case, fixtures["entries"], output)
        path = os.path.join(EXPECTED, case["name"] + ".xml")
        if check:
            with open(path, "rb") as f:
                if f.read() != xml:
                    print("different:", case["name"])
                    failures += 1
        else:
            with open(path, "wb") as f:
                f.write(xml)
    print(f"{len(fixtures['cases']) - failures}/{len(fixtures['cases'])} expected feeds match Pelican")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
