# The stacks build of the example site: pelicanconf.py plus stacks' built-in
# GitHub emoji extension, which turns :rocket: into 🚀 (unicode: True writes
# the characters instead of GitHub's images). Pelican cannot load that
# extension, so pelicanconf.py leaves it out.
from pelicanconf import *

MARKDOWN = {
    'extension_configs': {
        'markdown.extensions.codehilite': {'css_class': 'highlight'},
        'markdown.extensions.extra': {},
        'markdown.extensions.meta': {},
        'markdown.extensions.admonition': {},
        'markdown.extensions.toc': {'permalink': True},
        'github_emoji': {'unicode': True},
    },
    'output_format': 'html5',
}
