#!/usr/bin/env python3
"""Writes contexts/*.json: template contexts shaped like the ones Pelican 4.8 passes to
its themes, for the conformance cases in ../cases/pelican.txt.

Each context is the settings (Pelican's defaults, or a customised site like
samples/pelican.conf.py with every optional theme feature switched on) plus the values
of one kind of page: index pages with a paginator, an article, a page, a category,
tag or author listing, archives. Pelican's host objects use the suite's JSON
conventions (see ../cases.py): categories, tags and authors are {"__object__": name,
...}, dates are {"__datetime__": ...}, paginator methods are {"__callable__": ...}.
"""

import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "contexts")

DEFAULT_SETTINGS = {
    "SITENAME": "A Pelican Blog",
    "SITEURL": "",
    "FEED_DOMAIN": "",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "DISPLAY_PAGES_ON_MENU": True,
    "DISPLAY_CATEGORIES_ON_MENU": True,
    "THEME_STATIC_DIR": "theme",
    "CSS_FILE": "main.css",
    "DEFAULT_LANG": "en",
    "DEFAULT_PAGINATION": False,
    "DEFAULT_DATE_FORMAT": "%a %d %B %Y",
}

CUSTOM_SETTINGS = dict(
    DEFAULT_SETTINGS,
    SITENAME="Alexis' log",
    SITESUBTITLE="A personal blog.",
    SITEURL="http://blog.notmyidea.org",
    FEED_DOMAIN="http://blog.notmyidea.org",
    FEED_ALL_RSS="feeds/all.rss.xml",
    FEED_ATOM="feeds/atom.xml",
    FEED_ATOM_URL="feeds/atom-url.xml",
    FEED_RSS="feeds/rss.xml",
    FEED_ALL_ATOM_URL="feeds/all-url.atom.xml",
    CATEGORY_FEED_RSS="feeds/{slug}.rss.xml",
    CATEGORY_FEED_ATOM_URL="feeds/cat-{slug}.atom.xml",
    TAG_FEED_ATOM="feeds/tag-{slug}.atom.xml",
    TAG_FEED_RSS="feeds/tag-{slug}.rss.xml",
    TAG_FEED_RSS_URL="feeds/tag-url-{slug}.rss.xml",
    GITHUB_URL="http://github.com/ametaireau/",
    DISQUS_SITENAME="blog-notmyidea",
    DEFAULT_PAGINATION=2,
    LINKS=[["Biologeek", "http://biologeek.org"], ["Filyb", "http://filyb.info/"],
           ["Tarek Ziadé", "http://ziade.org/blog"]],
    SOCIAL=[["twitter", "http://twitter.com/ametaireau"],
            ["github", "http://github.com/ametaireau"]],
    MENUITEMS=[["Home", "/"], ["About & more", "/about/"]],
    LINKS_WIDGET_NAME="Blogroll",
    GOOGLE_ANALYTICS="UA-000000-1",
    GAUGES="gauges-id",
    TWITTER_USERNAME="ametaireau",
    GOSQUARED_SITENAME="gs-site",
    DEFAULT_LANG="en",
)


def wrapper(kind, name, slug):
    """A category, tag or author (Pelican's URLWrapper)."""
    return {"__object__": name, "name": name, "slug": slug, "url": f"{kind}/{slug}.html",
            "save_as": f"{kind}/{slug}.html"}


AUTHORS = {
    "alexis": wrapper("author", "Alexis Métaireau", "alexis-metaireau"),
    "ana": wrapper("author", "Ana Lovelace", "ana-lovelace"),
}
CATEGORIES = {name: wrapper("category", name, name) for name in ("bar", "cat1", "misc", "yeah")}
TAGS = {name: wrapper("tag", name, name.replace(" ", "-"))
        for name in ("bar", "baz", "foo", "foobar", "oh", "yeah", "a & b")}


def date(iso):
    return {"__datetime__": iso}


def article(slug, title, iso, locale_date, category, tags, authors, summary, content,
            modified=None, translations=(), lang="en", description=None):
    a = {
        "title": title, "slug": slug, "url": f"{slug}.html", "save_as": f"{slug}.html",
        "date": date(iso), "locale_date": locale_date, "lang": lang,
        "category": CATEGORIES[category], "tags": [TAGS[t] for t in tags],
        "author": AUTHORS[authors[0]], "authors": [AUTHORS[x] for x in authors],
        "summary": summary, "content": content, "status": "published",
        "translations": [{"url": f"{slug}-{t}.html", "lang": t, "title": title}
                         for t in translations],
    }
    if modified:
        a["modified"] = date(modified[0])
        a["locale_modified"] = modified[1]
    if description:
        a["description"] = description
    return a


ARTICLES = [
    article("second-article", "Second article", "2012-02-29T00:00:00", "Wed 29 February 2012",
            "misc", ["foo", "bar", "baz"], ["alexis"],
            "<p>This is some article, in english</p>",
            "<p>This is some article, in english</p>", translations=["fr"]),
    article("a-markdown-powered-article", "A markdown powered article",
            "2011-04-20T00:00:00", "Wed 20 April 2011", "cat1", [], ["alexis", "ana"],
            "<p>You're mutually oblivious.</p>\n<p><a href=\"/unbelievable.html\">a root-relative "
            "link to unbelievable</a></p>",
            "<p>You're mutually oblivious.</p>\n<p><a href=\"/unbelievable.html\">a root-relative "
            "link to unbelievable</a></p>", description="A <em>markdown</em> article"),
    article("this-is-a-super-article", "This is a super article !", "2010-12-02T10:14:00",
            "Thu 02 December 2010", "yeah", ["foo", "bar", "foobar", "a & b"], ["alexis"],
            "<p class=\"first last\">Multi-line metadata should be supported\nas well as "
            "<strong>inline markup</strong>.</p>",
            "<p>Some content here !</p>\n<div class=\"section\" id=\"this-is-a-simple-title\">\n"
            "<h2>This is a simple title</h2>\n<p>And here comes the cool <a class=\"reference "
            "external\" href=\"http://books.couchdb.org/relax/design-documents/views\">stuff</a>"
            ".</p>\n<pre class=\"literal-block\">\n&gt;&gt;&gt; from ipdb import set_trace\n"
            "</pre>\n</div>\n",
            modified=("2013-11-17T23:29:00", "Sun 17 November 2013")),
    article("oh-yeah", "Oh yeah !", "2010-10-20T10:14:00", "Wed 20 October 2010", "bar",
            ["oh", "bar", "yeah"], ["alexis"],
            "<div class=\"section\" id=\"why-not\">\n<h2>Why not ?</h2>\n<p>After all, why "
            "not ? It's pretty simple to do it, and it will allow me to do many things.</p>\n"
            "</div>\n", "<div class=\"section\" id=\"why-not\">\n<h2>Why not ?</h2>\n</div>\n",
            translations=["fr"]),
    article("unbelievable", "Unbelievable <em>news</em> & more", "2010-10-15T20:30:00",
            "Fri 15 October 2010", "misc", [], ["ana"],
            "<p>Or completely awesome. Depends the needs.</p>",
            "<p>Or completely awesome. Depends the needs.</p>\n<p>“Smart quotes” — and "
            "ünïcödé.</p>"),
]

PAGES = [
    {"title": "This is a test page", "slug": "test-page", "url": "pages/test-page.html",
     "lang": "en", "content": "<p>Just an image.</p>\n<img alt=\"alternate text\" "
     "src=\"pictures/Fat_Cat.jpg\" style=\"width: 600px; height: 450px;\" />\n",
     "translations": [], "status": "published"},
    {"title": "Override url/save_as", "slug": "override", "url": "override/", "lang": "en",
     "content": "<p>Test page which overrides save_as and url so that this page will be "
     "generated at a custom location.</p>\n", "translations": [], "status": "published"},
]


def grouped(kind_items, key):
    """[[wrapper, [articles...]], ...] in the wrappers' name order, like Pelican."""
    result = []
    for name, w in sorted(kind_items.items()):
        # Themes only count these articles: keep their titles and URLs.
        arts = [{"title": a["title"], "url": a["url"]} for a in ARTICLES if key(a, w)]
        if arts:
            result.append([w, arts])
    return result


def site(settings):
    """What every Pelican page gets: settings plus the site-wide lists."""
    ctx = copy.deepcopy(settings)
    ctx.update(
        articles=ARTICLES,
        dates=sorted(ARTICLES, key=lambda a: a["date"]["__datetime__"], reverse=True),
        pages=PAGES,
        hidden_pages=[], draft_articles=[],
        categories=grouped(CATEGORIES, lambda a, w: a["category"] is w),
        tags=grouped(TAGS, lambda a, w: w in a["tags"]),
        authors=grouped(AUTHORS, lambda a, w: w in a["authors"]),
        output_file="index.html", page_name="index",
    )
    return ctx


def paginated(ctx, articles, per_page, number, base="index"):
    """Adds Pelican's paginator values for page NUMBER of ARTICLES."""
    pages = max(1, -(-len(articles) // per_page)) if per_page else 1
    per_page = per_page or len(articles)

    def url(n):
        return f"{base}.html" if n == 1 else f"{base}{n}.html"

    def page(n):
        return {"number": n, "url": url(n), "save_as": url(n),
                "object_list": articles[(n - 1) * per_page:n * per_page]}

    current = page(number)
    current.update(
        has_previous={"__callable__": number > 1},
        has_next={"__callable__": number < pages},
        has_other_pages={"__callable__": pages > 1},
        start_index={"__callable__": (number - 1) * per_page + 1},
    )
    ctx.update(
        articles_page=current,
        articles_paginator={"num_pages": pages, "per_page": per_page, "count": len(articles),
                            "page": {"__callable__": page(1)}},
        articles_previous_page=page(number - 1) if number > 1 else None,
        articles_next_page=page(number + 1) if number < pages else None,
    )
    return ctx


def contexts():
    c = {}
    per = CUSTOM_SETTINGS["DEFAULT_PAGINATION"]
    c["custom_site"] = site(CUSTOM_SETTINGS)
    c["default_site"] = site(DEFAULT_SETTINGS)
    c["custom_github_left"] = dict(site(CUSTOM_SETTINGS), GITHUB_POSITION="left",
                                   GA_COOKIE_DOMAIN="notmyidea.org")
    for n in (1, 2, 3):
        c[f"custom_index_p{n}"] = paginated(site(CUSTOM_SETTINGS), ARTICLES, per, n)
    c["default_index"] = paginated(site(DEFAULT_SETTINGS), ARTICLES, 0, 1)
    one = site(DEFAULT_SETTINGS)
    c["default_index_single"] = paginated(dict(one, articles=ARTICLES[:1]), ARTICLES[:1], 0, 1)
    empty = site(DEFAULT_SETTINGS)
    empty.update(articles=[], dates=[], categories=[], tags=[], authors=[])
    c["default_index_pages_only"] = paginated(empty, [], 0, 1)
    c["default_index_no_content"] = paginated(dict(empty, pages=[]), [], 0, 1)
    for name, a, settings in (("custom_article_super", ARTICLES[2], CUSTOM_SETTINGS),
                              ("custom_article_translated", ARTICLES[3], CUSTOM_SETTINGS),
                              ("custom_article_markdown", ARTICLES[1], CUSTOM_SETTINGS),
                              ("default_article_plain", ARTICLES[4], DEFAULT_SETTINGS)):
        ctx = site(settings)
        ctx.update(article=a, category=a["category"], output_file=a["url"], page_name=a["slug"])
        c[name] = ctx
    draft = dict(ARTICLES[0], status="draft")
    c["custom_article_draft"] = dict(site(CUSTOM_SETTINGS), article=draft,
                                     category=draft["category"])
    c["custom_page"] = dict(site(CUSTOM_SETTINGS), page=PAGES[0])
    modified_page = dict(PAGES[1], modified=date("2020-01-02T03:04:05"),
                         locale_modified="Thu 02 January 2020",
                         translations=[{"url": "override-de/", "lang": "de"}])
    c["default_page_modified"] = dict(site(DEFAULT_SETTINGS), page=modified_page)
    for name, settings, kind, w, key in (
            ("custom_category", CUSTOM_SETTINGS, "category", CATEGORIES["misc"],
             lambda a, w: a["category"] is w),
            ("default_category", DEFAULT_SETTINGS, "category", CATEGORIES["yeah"],
             lambda a, w: a["category"] is w),
            ("custom_tag", CUSTOM_SETTINGS, "tag", TAGS["bar"], lambda a, w: w in a["tags"]),
            ("default_tag", DEFAULT_SETTINGS, "tag", TAGS["a & b"], lambda a, w: w in a["tags"]),
            ("custom_author", CUSTOM_SETTINGS, "author", AUTHORS["alexis"],
             lambda a, w: w in a["authors"]),
            ("default_author", DEFAULT_SETTINGS, "author", AUTHORS["ana"],
             lambda a, w: w in a["authors"])):
        arts = [a for a in ARTICLES if key(a, w)]
        ctx = site(settings)
        ctx.update({kind: w, "articles": arts})
        number = 2 if name == "custom_author" else 1
        c[name] = paginated(ctx, arts, settings["DEFAULT_PAGINATION"] or 0, number,
                            base=f"{kind}/{w['slug']}")
    month = [a for a in ARTICLES if a["date"]["__datetime__"].startswith("2010-10")]
    c["custom_period_month"] = dict(site(CUSTOM_SETTINGS), dates=month,
                                    period=[2010, "October"])
    year = [a for a in ARTICLES if a["date"]["__datetime__"].startswith("2010")]
    c["default_period_year"] = dict(site(DEFAULT_SETTINGS), dates=year, period=[2010])
    return c


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, ctx in contexts().items():
        with open(os.path.join(OUT_DIR, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(ctx, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
