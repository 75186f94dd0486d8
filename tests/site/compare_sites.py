#!/usr/bin/python3
"""Compare two built sites, file by file: a reference tree (Pelican's output or
one of Pelican's expected trees) and a candidate tree (stacks' output).

Verdicts, one line per file (paths relative to the tree roots):
  equal      the file is the same in both trees
  different  both trees have it and it differs (a short first difference follows)
  missing    only the reference has it
  extra      only the candidate has it

How each kind of file is compared:
- HTML (.html, .htm): as the DOM a browser builds. Both files are parsed (with
  html5lib through BeautifulSoup when it is installed, else with bs4's
  html.parser plus the few browser rules that matter here: the newline right after
  <pre>/<textarea>/<listing> is dropped, CR LF becomes LF, the doctype is
  case-insensitive, whitespace outside <html> is dropped). Character references
  are decoded, attribute order and `<br>` vs `<br/>` do not matter; text,
  comments and attribute values do, whitespace included.
- Feeds (.xml, .atom, .rss): as XML (the declaration's values, element names with
  their namespaces, attributes in any order, text). Nothing is ignored except the
  build time of a feed without entries (Atom `<updated>` of the feed,
  RSS `<lastBuildDate>` of the channel), which Pelican takes from the clock.
- Everything else: byte for byte.

--ignore-whitespace applies Pelican's upstream rule (its functional tests compare
with `git diff --no-index -w`): a file is equal when its lines, with all
whitespace removed from each line, are the same sequence. When that text rule
fails for HTML or XML, the structural comparison is tried with every whitespace
character removed from text and attribute values, so attribute order still
does not count.

Pelican's expected trees leave out copies of pictures and fonts, listed with
their SHA-256 in OMITTED-COPIES.tsv beside them; when the reference tree is one of
those (or --omitted-copies names the file), a listed file is compared by checksum.

Exit status: 0 when every file is equal, or when --min-equal PERCENT is given and
at least that share of files is equal; 1 otherwise; 2 on bad usage.
"""
import argparse
import fnmatch
import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import bs4
from bs4 import BeautifulSoup

try:
    import html5lib  # noqa: F401  (only its presence matters)
    HTML_PARSER = "html5lib"
except ImportError:
    HTML_PARSER = "html.parser"

HTML_EXTENSIONS = (".html", ".htm")
FEED_EXTENSIONS = (".xml", ".atom", ".rss")
EXCERPT_WIDTH = 70
GIT_WHITESPACE = re.compile(r"[ \t\n\v\f\r]")
LEADING_NEWLINE_ELEMENTS = ("pre", "textarea", "listing")
ATOM = "{http://www.w3.org/2005/Atom}"


class Verdict:
    EQUAL = "equal"
    DIFFERENT = "different"
    MISSING = "missing"
    EXTRA = "extra"
    ALL = (EQUAL, DIFFERENT, MISSING, EXTRA)


class FileResult:
    def __init__(self, path, verdict, detail=""):
        self.path = path
        self.verdict = verdict
        self.detail = detail

    def as_dict(self):
        return {"path": self.path, "verdict": self.verdict, "detail": self.detail}


def clip(text, width=EXCERPT_WIDTH):
    text = repr(text)
    return text if len(text) <= width else text[:width - 3] + "..."


# ---------------------------------------------------------------------------
# Pelican's upstream rule: `git diff -w` finds no difference when the sequences
# of lines agree once all whitespace is removed from each line.

def whitespace_free_lines(text):
    return [GIT_WHITESPACE.sub("", line) for line in text.split("\n")]


def equal_ignoring_whitespace(ref_text, cand_text):
    return whitespace_free_lines(ref_text) == whitespace_free_lines(cand_text)


def first_line_difference(ref_text, cand_text, ignore_whitespace):
    """Line number and both lines where two texts first part, as an excerpt."""
    ref_lines = ref_text.split("\n")
    cand_lines = cand_text.split("\n")
    key = (lambda s: GIT_WHITESPACE.sub("", s)) if ignore_whitespace else (lambda s: s)
    for number in range(max(len(ref_lines), len(cand_lines))):
        ref_line = ref_lines[number] if number < len(ref_lines) else None
        cand_line = cand_lines[number] if number < len(cand_lines) else None
        if ref_line is None or cand_line is None or key(ref_line) != key(cand_line):
            if ref_line is None:
                return "line %d: extra line %s" % (number + 1, clip(cand_line))
            if cand_line is None:
                return "line %d: missing line %s" % (number + 1, clip(ref_line))
            return "line %d: %s vs %s" % (number + 1, *excerpt_pair(key(ref_line), key(cand_line)))
    return ""


def excerpt_pair(a, b):
    """Both strings cut around their first differing character."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    begin = max(0, start - 20)
    return clip(a[begin:begin + 50]), clip(b[begin:begin + 50])


def decode_text(data):
    """The bytes as UTF-8 text, or None for binary data."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# ---------------------------------------------------------------------------
# HTML: a canonical tree of tuples, built from the parse, then a recursive
# comparison that stops at the first difference and says where it is.
#   ("element", name, ((attr, value), ...sorted), [children])
#   ("text", data) | ("comment", data) | ("doctype", data) | ("pi", data)

def canonical_html(text, squeeze_whitespace):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    soup = BeautifulSoup(text, HTML_PARSER, multi_valued_attributes=None)
    return canonical_children(soup, squeeze_whitespace, top_level=True)


def canonical_children(parent, squeeze, top_level=False):
    children = []
    for node in parent.children:
        item = canonical_node(node, squeeze)
        if item is None:
            continue
        if item[0] == "text":
            if top_level and not item[1].strip():
                continue
            if children and children[-1][0] == "text":
                children[-1] = ("text", children[-1][1] + item[1])
                continue
        children.append(item)
    if squeeze:
        children = [c for c in children if c[0] != "text" or c[1]]
    return children


def canonical_node(node, squeeze):
    squeeze_text = (lambda s: GIT_WHITESPACE.sub("", s)) if squeeze else (lambda s: s)
    if isinstance(node, bs4.element.Doctype):
        return ("doctype", squeeze_text(str(node).lower()))
    if isinstance(node, bs4.element.Comment):
        return ("comment", squeeze_text(str(node)))
    if isinstance(node, (bs4.element.ProcessingInstruction, bs4.element.Declaration)):
        return ("pi", squeeze_text(str(node)))
    if isinstance(node, bs4.element.NavigableString):
        return ("text", squeeze_text(str(node)))
    attributes = tuple(sorted((name, squeeze_text(value if isinstance(value, str) else " ".join(value)))
                              for name, value in node.attrs.items()))
    children = canonical_children(node, squeeze)
    if node.name in LEADING_NEWLINE_ELEMENTS and children and children[0][0] == "text" \
            and children[0][1].startswith("\n"):
        children[0] = ("text", children[0][1][1:])
    return ("element", node.name, attributes, children)


def describe_node(item):
    kind = item[0]
    if kind == "element":
        attrs = "".join(' %s="%s"' % pair for pair in item[2])
        return clip("<%s%s>" % (item[1], attrs))
    return "%s %s" % (kind, clip(item[1]))


def element_label(item, position):
    """tag#id, tag.class or tag[n] (n counts same-named siblings from 1)."""
    label = item[1]
    for name, value in item[2]:
        if name == "id":
            return label + "#" + value
    for name, value in item[2]:
        if name == "class" and value:
            return label + "." + value.split()[0]
    return "%s[%d]" % (label, position)


def first_tree_difference(ref_nodes, cand_nodes, where="/"):
    """None when both node lists are equal, else a short description."""
    for index in range(max(len(ref_nodes), len(cand_nodes))):
        if index >= len(ref_nodes):
            return "%s: extra %s" % (where, describe_node(cand_nodes[index]))
        if index >= len(cand_nodes):
            return "%s: missing %s" % (where, describe_node(ref_nodes[index]))
        ref, cand = ref_nodes[index], cand_nodes[index]
        if ref[0] != cand[0] or (ref[0] == "element" and ref[1] != cand[1]):
            return "%s: %s vs %s" % (where, describe_node(ref), describe_node(cand))
        if ref[0] != "element":
            if ref[1] != cand[1]:
                return "%s: %s %s vs %s" % ((where, ref[0]) + excerpt_pair(ref[1], cand[1]))
            continue
        position = 1 + sum(1 for node in ref_nodes[:index] if node[0] == "element" and node[1] == ref[1])
        path = where.rstrip("/") + "/" + element_label(ref, position)
        if ref[2] != cand[2]:
            return "%s: attributes %s vs %s" % (path, attribute_difference(ref[2], cand[2]),
                                                attribute_difference(cand[2], ref[2]))
        inner = first_tree_difference(ref[3], cand[3], path)
        if inner:
            return inner
    return None


def attribute_difference(mine, theirs):
    only_mine = [pair for pair in mine if pair not in theirs]
    return clip(" ".join('%s="%s"' % pair for pair in only_mine) or "(none)", 60)


def compare_html(ref_text, cand_text, ignore_whitespace):
    if ignore_whitespace and equal_ignoring_whitespace(ref_text, cand_text):
        return None
    difference = first_tree_difference(canonical_html(ref_text, ignore_whitespace),
                                       canonical_html(cand_text, ignore_whitespace))
    return ("DOM " + difference) if difference else None


# ---------------------------------------------------------------------------
# Feeds: the XML declaration's pseudo-attributes, then the element tree.

XML_DECLARATION = re.compile(r"^\s*<\?xml(.*?)\?>", re.S)
PSEUDO_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def xml_declaration(text):
    match = XML_DECLARATION.match(text)
    if not match:
        return None
    return tuple((m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                 for m in PSEUDO_ATTRIBUTE.finditer(match.group(1)))


def feed_build_time_element(root):
    """The element holding the build time when the feed has no entries, else None."""
    if root.tag == ATOM + "feed":
        if root.find(ATOM + "entry") is None:
            return root.find(ATOM + "updated")
        return None
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is not None and channel.find("item") is None:
        return channel.find("lastBuildDate")
    return None


def canonical_xml(element, squeeze, skip):
    squeeze_text = (lambda s: GIT_WHITESPACE.sub("", s or "")) if squeeze else (lambda s: s or "")
    return ("element", element.tag,
            tuple(sorted((k, squeeze_text(v)) for k, v in element.attrib.items())),
            [("text", squeeze_text(element.text))] +
            [part for child in element if child is not skip
             for part in (canonical_xml(child, squeeze, skip), ("text", squeeze_text(child.tail)))])


def compare_feed(ref_text, cand_text, ignore_whitespace):
    if ignore_whitespace and equal_ignoring_whitespace(ref_text, cand_text):
        return None
    if xml_declaration(ref_text) != xml_declaration(cand_text):
        return "XML declaration %s vs %s" % (clip(xml_declaration(ref_text)), clip(xml_declaration(cand_text)))
    try:
        ref_root = ET.fromstring(ref_text.encode("utf-8"))
    except ET.ParseError as error:
        return "reference is not well-formed XML (%s)" % error
    try:
        cand_root = ET.fromstring(cand_text.encode("utf-8"))
    except ET.ParseError as error:
        return "not well-formed XML (%s)" % error
    ref_skip, cand_skip = feed_build_time_element(ref_root), feed_build_time_element(cand_root)
    if (ref_skip is None) != (cand_skip is None):
        return "build time field present in only one feed"
    difference = first_tree_difference([canonical_xml(ref_root, ignore_whitespace, ref_skip)],
                                       [canonical_xml(cand_root, ignore_whitespace, cand_skip)])
    return ("XML " + difference) if difference else None


# ---------------------------------------------------------------------------
# Other files, and the dispatch.

def compare_bytes(ref_data, cand_data, ignore_whitespace):
    if ref_data == cand_data:
        return None
    ref_text, cand_text = decode_text(ref_data), decode_text(cand_data)
    if ref_text is not None and cand_text is not None:
        if ignore_whitespace and equal_ignoring_whitespace(ref_text, cand_text):
            return None
        return first_line_difference(ref_text, cand_text, ignore_whitespace)
    offset = 0
    while offset < min(len(ref_data), len(cand_data)) and ref_data[offset] == cand_data[offset]:
        offset += 1
    return "binary files differ at byte %d (sizes %d vs %d)" % (offset, len(ref_data), len(cand_data))


def compare_contents(path, ref_data, cand_data, ignore_whitespace=False):
    """None when equal, else a short description of the first difference."""
    if ref_data == cand_data:
        return None
    lower = path.lower()
    structured = lower.endswith(HTML_EXTENSIONS) or lower.endswith(FEED_EXTENSIONS)
    ref_text, cand_text = decode_text(ref_data), decode_text(cand_data)
    if not structured or ref_text is None or cand_text is None:
        return compare_bytes(ref_data, cand_data, ignore_whitespace)
    if lower.endswith(HTML_EXTENSIONS):
        return compare_html(ref_text, cand_text, ignore_whitespace)
    return compare_feed(ref_text, cand_text, ignore_whitespace)


def list_files(root):
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            found.add(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return found


def read_omitted_copies(tsv_path, prefix):
    """{relative path: sha256} for the lines of OMITTED-COPIES.tsv under prefix/."""
    copies = {}
    with open(tsv_path, encoding="utf-8") as tsv:
        for line in tsv:
            if line.startswith("#") or not line.strip():
                continue
            path, digest = line.rstrip("\n").split("\t")[:2]
            if path.startswith(prefix + "/"):
                copies[path[len(prefix) + 1:]] = digest
    return copies


def default_omitted_copies(ref_root):
    tsv = os.path.join(os.path.dirname(os.path.abspath(ref_root)), "OMITTED-COPIES.tsv")
    if os.path.isfile(tsv):
        return read_omitted_copies(tsv, os.path.basename(os.path.abspath(ref_root)))
    return {}


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def compare_omitted_copy(cand_path, digest):
    actual = hashlib.sha256(read_bytes(cand_path)).hexdigest()
    return None if actual == digest else "SHA-256 %s..., expected %s..." % (actual[:12], digest[:12])


def compare_trees(ref_root, cand_root, ignore_whitespace=False, omitted_copies=None, ignore=()):
    """One FileResult per file of either tree, sorted by path.

    omitted_copies maps paths absent from the reference to the SHA-256 the
    candidate's file must have; ignore holds fnmatch patterns of paths to skip."""
    if omitted_copies is None:
        omitted_copies = default_omitted_copies(ref_root)
    ref_files = list_files(ref_root) | set(omitted_copies)
    cand_files = list_files(cand_root) if os.path.isdir(cand_root) else set()
    results = []
    for path in sorted(ref_files | cand_files):
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in ignore):
            continue
        if path not in cand_files:
            results.append(FileResult(path, Verdict.MISSING))
        elif path not in ref_files:
            results.append(FileResult(path, Verdict.EXTRA))
        else:
            cand_path = os.path.join(cand_root, path)
            if path in omitted_copies and not os.path.exists(os.path.join(ref_root, path)):
                difference = compare_omitted_copy(cand_path, omitted_copies[path])
            else:
                difference = compare_contents(path, read_bytes(os.path.join(ref_root, path)),
                                              read_bytes(cand_path), ignore_whitespace)
            results.append(FileResult(path, Verdict.DIFFERENT if difference else Verdict.EQUAL,
                                      difference or ""))
    return results


def summarize(results):
    counts = {verdict: 0 for verdict in Verdict.ALL}
    for result in results:
        counts[result.verdict] += 1
    total = len(results)
    counts["total"] = total
    counts["percent_equal"] = round(100.0 * counts[Verdict.EQUAL] / total, 2) if total else 100.0
    return counts


def summary_line(counts):
    return "%d files: %d equal, %d different, %d missing, %d extra (%.1f%% equal)" % (
        counts["total"], counts["equal"], counts["different"], counts["missing"], counts["extra"],
        counts["percent_equal"])


def passes(counts, min_equal):
    if min_equal is None:
        return counts["equal"] == counts["total"]
    return counts["percent_equal"] >= min_equal


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reference", help="the reference tree (Pelican's output)")
    parser.add_argument("candidate", help="the tree to check (stacks' output)")
    parser.add_argument("--ignore-whitespace", action="store_true",
                        help="Pelican's upstream rule (git diff -w)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--min-equal", type=float, metavar="PERCENT",
                        help="succeed when at least this share of files is equal")
    parser.add_argument("--omitted-copies", metavar="TSV",
                        help="OMITTED-COPIES.tsv to honour (default: the one beside the reference)")
    parser.add_argument("--ignore", action="append", default=[], metavar="GLOB",
                        help="leave out paths matching this pattern (repeatable)")
    parser.add_argument("--brief", action="store_true", help="print only the files that are not equal")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    for root in (args.reference,):
        if not os.path.isdir(root):
            print("compare_sites: not a folder: %s" % root, file=sys.stderr)
            return 2
    omitted = None
    if args.omitted_copies:
        omitted = read_omitted_copies(args.omitted_copies, os.path.basename(os.path.abspath(args.reference)))
    results = compare_trees(args.reference, args.candidate, args.ignore_whitespace, omitted, args.ignore)
    counts = summarize(results)
    if args.json:
        json.dump({"files": [r.as_dict() for r in results], "summary": counts}, sys.stdout, indent=1)
        print()
    else:
        for result in results:
            if args.brief and result.verdict == Verdict.EQUAL:
                continue
            line = "%-9s  %s" % (result.verdict, result.path)
            print(line + ("  -- " + result.detail if result.detail else ""))
        print(summary_line(counts))
    return 0 if passes(counts, args.min_equal) else 1


if __name__ == "__main__":
    sys.exit(main())
