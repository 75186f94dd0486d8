"""Pelican plugin that marks everything the reStructuredText reader produces.

Used by run_sites.py to find which output files depend on reST sources: the
samples are built twice, without and with this plugin, and an output file
that differs (or exists in one build only) carries something that came out of
docutils. The mark is appended to the body and to every text-valued metadata
field (title, summary, slug, tag/category/author names...); fields that steer
the build rather than show text (status, lang, template, translation, save_as,
url) are left alone, as are dates. The setting RST_TAINT chooses what is done:
"all" (the default) marks bodies and metadata, "body" marks only the bodies,
"drop" removes the reST reader, so the site is built as if it had no reST file
(this finds outputs that exist only because reST content links to them, such as
pictures copied for a {static} link).
"""
from pelican import signals
from pelican.urlwrappers import URLWrapper

MARK = "RSTMARK"
STEERING_FIELDS = {"status", "lang", "template", "translation", "save_as", "url"}


def marked(value):
    if isinstance(value, str):
        return value + MARK
    if isinstance(value, URLWrapper):
        return type(value)(value.name + MARK, value.settings)
    if isinstance(value, list):
        return [marked(item) for item in value]
    return value


def marking_reader(reader_class):
    class MarkedReader(reader_class):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            if self.settings.get("RST_TAINT", "all") == "all":
                metadata = {key: (value if key in STEERING_FIELDS else marked(value))
                            for key, value in metadata.items()}
            return content + MARK, metadata
    return MarkedReader


def mark_rst(readers):
    drop = readers.settings.get("RST_TAINT", "all") == "drop"
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is not None and extension in ("rst", "rest", "txt"):
            if drop:
                del readers.reader_classes[extension]
            else:
                readers.reader_classes[extension] = marking_reader(reader_class)


def register():
    signals.readers_init.connect(mark_rst)
