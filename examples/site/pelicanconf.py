# Settings of the stacks example site. Pelican 4.8 reads this file as it is;
# stacks reads it too (it understands the literal subset of Python used here).
# Build it with the default theme:
#   stacks build examples/site/content -s examples/site/stacksconf.py -o /tmp/site
#   python3 -m pelican examples/site/content -s examples/site/pelicanconf.py \
#       -t themes/default -o /tmp/site          # the same with Pelican
# stacksconf.py adds stacks' built-in GitHub emoji extension to MARKDOWN;
# Pelican has no such extension, so here the :short_codes: stay as text.

AUTHOR = 'Ada Park'
SITENAME = 'Field Notes'
SITESUBTITLE = 'The stacks example site: one small blog that shows every feature'
# Feeds need an absolute address; pages use relative links (RELATIVE_URLS),
# so the built site also works straight from the disk.
SITEURL = 'https://fieldnotes.example'
RELATIVE_URLS = True

PATH = 'content'
TIMEZONE = 'Europe/Berlin'
DEFAULT_LANG = 'en'
DEFAULT_DATE_FORMAT = '%-d %B %Y'
# Articles in French get a day/month/year date.
DATE_FORMATS = {
    'fr': '%d/%m/%Y',
}

# content/Guides/*.md get the category "Guides" from their folder; the other
# articles say "Category:" in their header.
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = 'Notes'

# Pretty, dated article addresses; translations get the language added.
ARTICLE_URL = 'posts/{date:%Y}/{date:%m}/{slug}.html'
ARTICLE_SAVE_AS = 'posts/{date:%Y}/{date:%m}/{slug}.html'
ARTICLE_LANG_URL = 'posts/{date:%Y}/{date:%m}/{slug}-{lang}.html'
ARTICLE_LANG_SAVE_AS = 'posts/{date:%Y}/{date:%m}/{slug}-{lang}.html'

# Period archives: one page per year and per month.
YEAR_ARCHIVE_URL = 'posts/{date:%Y}/index.html'
YEAR_ARCHIVE_SAVE_AS = 'posts/{date:%Y}/index.html'
MONTH_ARCHIVE_URL = 'posts/{date:%Y}/{date:%m}/index.html'
MONTH_ARCHIVE_SAVE_AS = 'posts/{date:%Y}/{date:%m}/index.html'

# Four articles per page: the index has three pages.
DEFAULT_PAGINATION = 4
DEFAULT_ORPHANS = 0
SUMMARY_MAX_LENGTH = 40

# Feeds: Atom and RSS for everything, Atom per category, tag and author,
# and one per language.
FEED_ALL_ATOM = 'feeds/all.atom.xml'
FEED_ALL_RSS = 'feeds/all.rss.xml'
CATEGORY_FEED_ATOM = 'feeds/category-{slug}.atom.xml'
TAG_FEED_ATOM = 'feeds/tag-{slug}.atom.xml'
AUTHOR_FEED_ATOM = 'feeds/author-{slug}.atom.xml'
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = 'feeds/all-{lang}.atom.xml'
FEED_MAX_ITEMS = 20

# The menu: pages and categories, then one extra item of our own.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = True
MENUITEMS = (
    ('Pelican docs', 'https://docs.getpelican.com/en/latest/'),
)

# The footer's link lists.
LINKS = (
    ('Pelican', 'https://getpelican.com/'),
    ('Python-Markdown', 'https://python-markdown.github.io/'),
    ('Jinja', 'https://jinja.palletsprojects.com/'),
)
SOCIAL = (
    ('Mastodon', 'https://mastodon.example/@fieldnotes'),
    ('GitHub', 'https://github.example/fieldnotes'),
)

# Static files: pictures, attachments and files copied to the site's root.
STATIC_PATHS = ['images', 'downloads', 'extra']
EXTRA_PATH_METADATA = {
    'extra/robots.txt': {'path': 'robots.txt'},
}

MARKDOWN = {
    'extension_configs': {
        'markdown.extensions.codehilite': {'css_class': 'highlight'},
        'markdown.extensions.extra': {},
        'markdown.extensions.meta': {},
        'markdown.extensions.admonition': {},
        'markdown.extensions.toc': {'permalink': True},
    },
    'output_format': 'html5',
}
