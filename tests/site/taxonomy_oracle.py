#!/usr/bin/python3
"""Expected figures for stacks' paginator and URL wrappers, from Pelican 4.8's
pelican.paginator and pelican.urlwrappers.

  paginator/expected.json: for every (count, per_page, orphans) combination,
    num_pages, page_range and each page as [number, first item, size,
    has_next, has_previous, has_other_pages, next_page_number,
    previous_page_number, start_index, end_index]; for
    several page names and PAGINATION_PATTERNS sets, each page's url/save_as.
  urlwrappers/expected.json: for several settings variants, each kind's
    name/slug/url/save_as/page_name for a list of names, the sorted order of
    the list, and ==/< against every other name and against plain strings.

Usage: taxonomy_oracle.py           rewrite both files
       taxonomy_oracle.py --check   compare them with what Pelican gives now
"""
import copy
import json
import os
import sys

from pelican.paginator import PaginationRule, Paginator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

HERE = os.path.dirname(os.path.realpath(__file__))

PER_PAGE = [None, 0, 1, 2, 3, 5, 10]
ORPHANS = [0, 1, 2, 3, 5]

DEFAULT_RULES = [[1, "{name}{extension}", "{name}{extension}"],
                 [2, "{name}{number}{extension}", "{name}{number}{extension}"]]
RULE_SETS = [
    DEFAULT_RULES,
    [[1, "{url}", "{save_as}"],
     [2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"]],
    [[1, "/{base_name}/", "/{base_name}/index.html"],
     [3, "//{base_name}/p{number:03d}/", "{base_name}/p{number}.html"],
     [-1, "{base_name}/last{extension}", "{base_name}/last/{name}{extension}"]],
    [[2, "{name}-{number}{extension}", "{name}-{number}{extension}"]],
]
PAGE_NAMES = [("index.html", ""), ("category/misc.html", "category/misc.html"),
              ("tag/x/index.html", "tag/x/"), ("archives.htm", "archives.htm"),
              ("index.htm", ""), ("a.b/c", "a.b/c"), (".hidden", ".hidden"), ("noext", "noext")]

NAMES = ["Misc", "misc", "  Python  ", "C++", "c#", "Café au lait", "Zoë", "zeta", "Alpha Beta",
         "alpha-beta", "日本語", "Ünïcode Straße", "a_b", "A  B", "x.y", "", "Ä", "z"]
VARIANTS = [
    {},
    {"SLUGIFY_PRESERVE_CASE": True},
    {"SLUGIFY_USE_UNICODE": True},
    {"CATEGORY_REGEX_SUBSTITUTIONS": [["\\+", "plus"], ["#", "sharp"], ["[^\\w\\s-]", ""],
                                      ["(?u)\\A\\s*", ""], ["(?u)\\s*\\Z", ""], ["[-\\s]+", "-"]],
     "CATEGORY_URL": "cat/{slug}/", "CATEGORY_SAVE_AS": "cat/{slug}/index.html",
     "TAG_URL": "tags/{name}.html", "TAG_SAVE_AS": "tags/{slug}.html",
     "AUTHOR_URL": "people/{slug}.htm", "AUTHOR_SAVE_AS": "people/{name}/{slug}.htm"},
]
KINDS = {"category": Category, "tag": Tag, "author": Author}


def paginator_figures():
    counts = []
    for count in range(0, 22):
        for per_page in PER_PAGE:
            for orphans in ORPHANS:
                settings = {"DEFAULT_ORPHANS": orphans, "PAGINATION_PATTERNS": []}
                p = Paginator("index.html", "", list(range(count)), settings, per_page)
                pages = []
                for n in p.page_range:
                    page = p.page(n)
                    pages.append([
                        n, page.object_list[0] if page.object_list else None, len(page.object_list),
                        page.has_next(), page.has_previous(), page.has_other_pages(),
                        page.next_page_number(), page.previous_page_number(),
                        page.start_index(), page.end_index()])
                counts.append({"count": count, "per_page": per_page or 0, "orphans": orphans,
                               "num_pages": p.num_pages, "page_range": p.page_range, "pages": pages})
    urls = []
    for rules in RULE_SETS:
        for name, url in PAGE_NAMES:
            settings = {"DEFAULT_ORPHANS": 1,
                        "PAGINATION_PATTERNS": [PaginationRule(*r) for r in rules]}
            p = Paginator(name, url, list(range(11)), settings, 3)
            pages = []
            for n in p.page_range:
                page = p.page(n)
                pages.append({"number": n, "url": _prop(page, "url"), "save_as": _prop(page, "save_as"),
                              "name": page.name, "extension": page.extension,
                              "base_name": page.base_name})
            urls.append({"name": name, "url": url, "rules": rules, "count": 11, "per_page": 3,
                         "orphans": 1, "pages": pages})
    return {"counts": counts, "urls": urls}


def wrapper_figures():
    variants = []
    for variant in VARIANTS:
        settings = copy.deepcopy(DEFAULT_CONFIG)
        settings.update(variant)
        kinds = {}
        for kind, cls in KINDS.items():
            wrappers = [cls(n, settings) for n in NAMES]
            kinds[kind] = {
                "wrappers": [{"name": w.name, "slug": w.slug, "url": w.url, "save_as": w.save_as,
                              "page_name": w.page_name} for w in wrappers],
                "sorted": [NAMES.index(n) for n in
                           [w._orig for w in sorted(_tagged(wrappers))]],
                "eq": [[int(a == b) for b in wrappers] for a in wrappers],
                "lt": [[int(a < b) for b in wrappers] for a in wrappers],
                "eq_str": [[int(a == s) for s in NAMES] for a in wrappers],
                "lt_str": [[int(a < s) for s in NAMES] for a in wrappers],
            }
        variants.append({"settings": variant, "kinds": kinds})
    return {"names": NAMES, "variants": variants}


def _prop(page, name):
    """A page's url/save_as; null where Pelican raises (a pattern that
    formats to the empty string)."""
    try:
        return getattr(page, name)
    except IndexError:
        return None


def _tagged(wrappers):
    for i, w in enumerate(wrappers):
        w._orig = NAMES[i]
    return wrappers


def main():
    check = "--check" in sys.argv
    outputs = {os.path.join(HERE, "paginator", "expected.json"): paginator_figures(),
               os.path.join(HERE, "urlwrappers", "expected.json"): wrapper_figures()}
    failures = 0
    for path, data in outputs.items():
        text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("different:", path)
                    failures += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    print(f"{len(outputs) - failures}/{len(outputs)} expected files match Pelican")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
