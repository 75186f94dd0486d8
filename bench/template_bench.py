#!/usr/bin/python3
"""Jinja2 side of the template benchmark (bench/template.sh), and the maker of
its contexts.

    /usr/bin/python3 template_bench.py context --out DIR [--articles N]
                                       [--per-page N] [--page N] [--seed N]
    /usr/bin/python3 template_bench.py render --contexts DIR --theme DIR...
                                       [--repeat N] [--out DIR]

`context` writes DIR/article.json and DIR/index.json: a Pelican-shaped site
(the settings of tests/template/pelican/make_contexts.py's customised site,
every optional theme feature on) with N articles of ~5 KB HTML content each,
tags, categories, authors, translations and an index paginated N per page.
Articles, pages, categories, tags and authors are host objects
({"__object__": ...}) as Pelican's Article and URLWrapper are, so both
engines read attributes, not dict items. The JSON conventions are those of
tests/template/cases.py.

`render` renders article.html and index.html (contexts DIR/article.json and
DIR/index.json) the way Pelican does: one Environment over a ChoiceLoader
(theme folders, then a `!simple/`/`!theme/` PrefixLoader), trim_blocks and
lstrip_blocks, templates compiled once and cached (auto_reload on, Jinja's
default and Pelican's). One warm-up render per template (written to --out),
then N renders, each timed alone. Prints one line per template:
  jinja2 TEMPLATE: median <us> us CPU, <us> us wall, best <us> us CPU, <N> renders, <bytes> bytes
Times are CPU time of this process (the machine may be shared) and wall time.
"""

import argparse
import copy
import datetime
import json
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PELICAN_TESTS = os.path.join(os.path.dirname(HERE), "tests", "template", "pelican")
TEMPLATE_TESTS = os.path.dirname(PELICAN_TESTS)
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path[:0] = [PELICAN_TESTS, TEMPLATE_TESTS]

import make_contexts  # noqa: E402  (settings, paginator shape)

TEMPLATES = ("article.html", "index.html")

WORDS = ("the static site engine renders every page from templates and content while "
         "authors write markdown files with metadata such as tags categories and dates "
         "pelican themes use jinja templates so a compatible engine keeps them working "
         "caching parsed templates avoids repeated work and makes rebuilds fast enough "
         "for large blogs with thousands of articles spread over many years").split()


# --- context -----------------------------------------------------------------

def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    """A paragraph with the inline markup Markdown produces (links, em, code)."""
    parts = [sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 5))]
    parts[0] += f' See <a href="https://example.org/{rng.choice(WORDS)}">{rng.choice(WORDS)}</a>.'
    parts[-1] = f"<em>{rng.choice(WORDS)}</em> " + parts[-1] + f" Use <code>{rng.choice(WORDS)}()</code>."
    return "<p>" + " ".join(parts) + "</p>"


def article_html(rng, size=5000):
    """About `size` bytes of HTML shaped like converted Markdown."""
    blocks = []
    while sum(len(b) + 1 for b in blocks) < size:
        kind = rng.random()
        if blocks and kind < 0.12:
            slug = rng.choice(WORDS)
            blocks.append(f'<h2 id="{slug}-{len(blocks)}">{sentence(rng, 4)[:-1]}</h2>')
        elif kind < 0.22:
            items = "\n".join(f"<li>{sentence(rng, rng.randint(4, 9))}</li>" for _ in range(rng.randint(3, 5)))
            blocks.append(f"<ul>\n{items}\n</ul>")
        elif kind < 0.30:
            code = "\n".join(f"    {rng.choice(WORDS)} = render(&quot;{rng.choice(WORDS)}&quot;)"
                             for _ in range(rng.randint(3, 6)))
            blocks.append(f'<div class="highlight"><pre><span></span><code>{code}\n</code></pre></div>')
        else:
            blocks.append(paragraph(rng))
    return "\n".join(blocks)


def summary_of(content, words=50):
    """The first `words` words of the first paragraph, as Pelican's SUMMARY_MAX_LENGTH."""
    first = content[content.index("<p>"):content.index("</p>") + 4]
    tokens = first.split(" ")
    return first if len(tokens) <= words else " ".join(tokens[:words]) + " …</p>"


def wrapper(kind, name):
    slug = name.lower().replace(" ", "-")
    return {"__object__": name, "name": name, "slug": slug, "url": f"{kind}/{slug}.html",
            "save_as": f"{kind}/{slug}.html"}


def make_articles(rng, count, categories, tags, authors):
    start = datetime.datetime(2024, 11, 30, 9, 30)
    result = []
    for i in range(count):
        when = start - datetime.timedelta(days=3 * i, hours=i % 7)
        title = sentence(rng, rng.randint(3, 7))[:-1] + (" & more" if i % 6 == 0 else "")
        slug = f"article-{i:03d}"
        content = article_html(rng)
        art = {
            "__object__": title, "title": title, "slug": slug, "url": f"{slug}.html",
            "save_as": f"{slug}.html", "date": {"__datetime__": when.isoformat()},
            "locale_date": when.strftime("%a %d %B %Y"), "lang": "en",
            "category": categories[i % len(categories)],
            "tags": rng.sample(tags, rng.randint(2, 5)),
            "author": authors[i % len(authors)], "authors": [authors[i % len(authors)]],
            "summary": summary_of(content), "content": content, "status": "published",
            "translations": ([{"__object__": title, "url": f"{slug}-fr.html", "lang": "fr", "title": title}]
                             if i % 4 == 0 else []),
        }
        if i % 3 == 0:
            modified = when + datetime.timedelta(days=5)
            art["modified"] = {"__datetime__": modified.isoformat()}
            art["locale_modified"] = modified.strftime("%a %d %B %Y")
        result.append(art)
    return result


def grouped(wrappers, articles, belongs):
    """[[wrapper, [article...]], ...] in name order, as Pelican's categories/tags/authors."""
    groups = []
    for w in sorted(wrappers, key=lambda w: w["name"]):
        members = [{"title": a["title"], "url": a["url"]} for a in articles if belongs(a, w)]
        if members:
            groups.append([w, members])
    return groups


def site_context(count, per_page, seed):
    rng = random.Random(seed)
    categories = [wrapper("category", n) for n in ("Programming", "Travel", "Notes", "Photography",
                                                     "Books", "Music", "Food", "Misc")]
    tags = [wrapper("tag", n) for n in ("python", "c++", "jinja", "markdown", "pelican", "travel",
                                        "italy", "japan", "film", "jazz", "cooking", "bread",
                                        "linux", "debian", "performance", "testing", "a & b",
                                        "reading", "poetry", "walks")]
    authors = [wrapper("author", n) for n in ("Alexis Métaireau", "Ana Lovelace", "Bo Chen")]
    articles = make_articles(rng, count, categories, tags, authors)
    pages = [{"__object__": t, "title": t, "slug": s, "url": f"pages/{s}.html", "lang": "en",
              "content": paragraph(rng), "translations": [], "status": "published"}
             for t, s in (("About", "about"), ("Contact", "contact"), ("Projects", "projects"))]
    ctx = copy.deepcopy(make_contexts.CUSTOM_SETTINGS)
    ctx.update(
        DEFAULT_PAGINATION=per_page,
        articles=articles, dates=articles, pages=pages, hidden_pages=[], draft_articles=[],
        categories=grouped(categories, articles, lambda a, w: a["category"] is w),
        tags=grouped(tags, articles, lambda a, w: w in a["tags"]),
        authors=grouped(authors, articles, lambda a, w: w in a["authors"]),
    )
    return ctx


def write_contexts(args):
    site = site_context(args.articles, args.per_page, args.seed)
    articles = site["articles"]
    index = make_contexts.paginated(copy.deepcopy(site), articles, args.per_page, args.page)
    index.update(output_file="index.html", page_name="index")
    pick = articles[12]  # translated, modified, and a title with "&"
    article = dict(site, article=pick, category=pick["category"], output_file=pick["save_as"],
                   page_name=pick["slug"])
    os.makedirs(args.out, exist_ok=True)
    for name, ctx in (("article", article), ("index", index)):
        with open(os.path.join(args.out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(ctx, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
    content = sum(len(a["content"].encode()) for a in articles) / len(articles)
    print(f"contexts in {args.out}: {len(articles)} articles (~{content / 1000:.1f} KB content each), "
          f"{args.per_page} per index page, index page {args.page}")


# --- render ------------------------------------------------------------------

def pelican_environment(theme_dirs):
    """Jinja2 set up as Pelican 4.8's Generator does with default JINJA_ENVIRONMENT."""
    import jinja2
    theme_loader = jinja2.FileSystemLoader(theme_dirs[0])
    simple_loader = jinja2.FileSystemLoader(theme_dirs[-1])
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(theme_dirs[:-1] or theme_dirs),
        simple_loader,
        jinja2.PrefixLoader({"!simple": simple_loader, "!theme": theme_loader}),
    ])
    return jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True, extensions=[])


def load_context(path):
    import make_expected  # decode_context: the suite's JSON conventions, as objects
    with open(path, encoding="utf-8") as f:
        return make_expected.decode_context(json.load(f))


def time_renders(template, context, repeat):
    """CPU and wall microseconds of each of `repeat` renders."""
    cpu, wall = [], []
    for _ in range(repeat):
        w, c = time.perf_counter_ns(), time.process_time_ns()
        template.render(context)
        cpu.append((time.process_time_ns() - c) / 1000)
        wall.append((time.perf_counter_ns() - w) / 1000)
    return cpu, wall


def render(args):
    env = pelican_environment(args.theme)
    for name in TEMPLATES:
        context = load_context(os.path.join(args.contexts, name.replace(".html", ".json")))
        template = env.get_template(name)
        output = template.render(context)  # warm-up: compiles the included templates too
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(output)
        cpu, wall = time_renders(template, context, args.repeat)
        print(f"jinja2 {name}: median {statistics.median(cpu):.1f} us CPU, "
              f"{statistics.median(wall):.1f} us wall, best {min(cpu):.1f} us CPU, "
              f"{args.repeat} renders, {len(output.encode())} bytes", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("context")
    c.add_argument("--out", required=True)
    c.add_argument("--articles", type=int, default=50)
    c.add_argument("--per-page", type=int, default=10)
    c.add_argument("--page", type=int, default=1)
    c.add_argument("--seed", type=int, default=3)
    r = sub.add_parser("render")
    r.add_argument("--contexts", required=True)
    r.add_argument("--theme", action="append", required=True,
                   help="template folder, searched in order (the theme's, then simple's)")
    r.add_argument("--repeat", type=int, default=200)
    r.add_argument("--out")
    args = ap.parse_args()
    if args.command == "context":
        write_contexts(args)
    else:
        render(args)


if __name__ == "__main__":
    main()
