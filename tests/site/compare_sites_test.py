#!/usr/bin/python3
"""Self-test of compare_sites.py over small hand-made trees: each verdict,
each comparison rule, the exit status and the JSON output."""
import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_sites  # noqa: E402

PAGE = ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>T &amp; U</title></head>\n'
        '<body><a href="/x.html" class="k" title="X">Link</a><br>\n<p>One  two</p>\n'
        '<pre>\ncode</pre></body>\n</html>\n')

ATOM_EMPTY = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
              '<title>S</title><link href="/" rel="alternate"></link><id>/</id>'
              '<updated>%s</updated></feed>')
ATOM_ONE = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>S</title><id>/</id><updated>%s</updated>'
            '<entry><title>A</title><updated>%s</updated><id>tag:x,2020:a</id></entry></feed>')
RSS_EMPTY = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>S</title>'
             '<link>/</link><description></description><lastBuildDate>%s</lastBuildDate></channel></rss>')


def write_tree(root, files):
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)


class CompareCase(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.ref = os.path.join(self.scratch.name, "ref")
        self.cand = os.path.join(self.scratch.name, "cand")
        os.makedirs(self.ref)
        os.makedirs(self.cand)

    def tearDown(self):
        self.scratch.cleanup()

    def verdicts(self, ref_files, cand_files, **options):
        write_tree(self.ref, ref_files)
        write_tree(self.cand, cand_files)
        results = compare_sites.compare_trees(self.ref, self.cand, **options)
        return {r.path: r.verdict for r in results}, {r.path: r.detail for r in results}

    def verdict(self, name, ref, cand, **options):
        return self.verdicts({name: ref}, {name: cand}, **options)[0][name]


class HtmlRules(CompareCase):
    def test_identical(self):
        self.assertEqual(self.verdict("a.html", PAGE, PAGE), "equal")

    def test_attribute_order_and_void_syntax_and_references_do_not_count(self):
        same = (PAGE.replace('href="/x.html" class="k" title="X"', "title='X' class=k href=\"/x.html\"")
                .replace("<br>", "<br/>").replace("T &amp; U", "T &#38; U")
                .replace('<meta charset="utf-8">', '<meta charset="utf-8" />')
                .replace("<!DOCTYPE html>", "<!doctype html>"))
        self.assertNotEqual(same, PAGE)
        self.assertEqual(self.verdict("a.html", PAGE, same), "equal")

    def test_newline_after_pre_start_tag_does_not_count(self):
        self.assertEqual(self.verdict("a.html", PAGE, PAGE.replace("<pre>\ncode", "<pre>code")), "equal")

    def test_text_difference(self):
        verdicts, details = self.verdicts({"a.html": PAGE}, {"a.html": PAGE.replace("Link", "Lnk")})
        self.assertEqual(verdicts["a.html"], "different")
        self.assertIn("/html[1]/body[1]/a.k", details["a.html"])
        self.assertIn("Link", details["a.html"])

    def test_attribute_value_difference(self):
        verdicts, details = self.verdicts({"a.html": PAGE}, {"a.html": PAGE.replace("/x.html", "x.html")})
        self.assertEqual(verdicts["a.html"], "different")
        self.assertIn("attributes", details["a.html"])

    def test_missing_element(self):
        self.assertEqual(self.verdict("a.html", PAGE, PAGE.replace("<br>", "")), "different")

    def test_whitespace_counts_by_default(self):
        self.assertEqual(self.verdict("a.html", PAGE, PAGE.replace("One  two", "One two")), "different")
        self.assertEqual(self.verdict("b.html", PAGE, PAGE.replace("\n<p>", "<p>")), "different")

    def test_ignore_whitespace(self):
        cand = PAGE.replace("One  two", "One two").replace("\n<p>", "\n    <p>").replace("<head>", "<head>\n")
        self.assertEqual(self.verdict("a.html", PAGE, cand, ignore_whitespace=True), "equal")
        reordered = PAGE.replace('href="/x.html" class="k"', 'class="k" href="/x.html"').replace("<p>", "\n<p>")
        self.assertEqual(self.verdict("b.html", PAGE, reordered, ignore_whitespace=True), "equal")
        self.assertEqual(self.verdict("c.html", PAGE, PAGE.replace("two", "three"), ignore_whitespace=True),
                         "different")

    def test_comment_counts(self):
        self.assertEqual(self.verdict("a.html", PAGE, PAGE.replace("<br>", "<br><!-- x -->")), "different")


class FeedRules(CompareCase):
    def test_build_time_of_feed_without_entries_is_ignored(self):
        self.assertEqual(self.verdict("f.atom.xml", ATOM_EMPTY % "2020-01-01T00:00:00+00:00",
                                      ATOM_EMPTY % "2026-11-27T19:00:00+00:00"), "equal")
        self.assertEqual(self.verdict("f.rss.xml", RSS_EMPTY % "Wed, 01 Jan 2020 00:00:00 -0000",
                                      RSS_EMPTY % "Fri, 27 Nov 2026 19:00:00 -0000"), "equal")

    def test_updated_of_feed_with_entries_counts(self):
        ref = ATOM_ONE % ("2020-01-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00")
        cand = ATOM_ONE % ("2020-01-02T00:00:00+00:00", "2020-01-01T00:00:00+00:00")
        self.assertEqual(self.verdict("f.atom.xml", ref, cand), "different")

    def test_attribute_order_does_not_count_but_text_does(self):
        ref = ATOM_EMPTY % "x"
        swapped = ref.replace('href="/" rel="alternate"', 'rel="alternate" href="/"')
        self.assertEqual(self.verdict("a.xml", ref, swapped), "equal")
        self.assertEqual(self.verdict("b.xml", ref, ref.replace("<title>S", "<title>S ")), "different")
        self.assertEqual(self.verdict("c.xml", ref, ref.replace('encoding="utf-8"', 'encoding="ascii"')),
                         "different")

    def test_malformed_candidate(self):
        ref = ATOM_EMPTY % "x"
        verdicts, details = self.verdicts({"a.xml": ref}, {"a.xml": ref.replace("</feed>", "")})
        self.assertEqual(verdicts["a.xml"], "different")
        self.assertIn("well-formed", details["a.xml"])


class OtherFiles(CompareCase):
    def test_bytes(self):
        self.assertEqual(self.verdict("x.png", b"\x89PNG\0\1", b"\x89PNG\0\1"), "equal")
        self.assertEqual(self.verdict("y.png", b"\x89PNG\0\1", b"\x89PNG\0\2"), "different")
        self.assertEqual(self.verdict("s.css", "a {\n  b: c;\n}\n", "a {\n    b: c;\n}\n"), "different")

    def test_git_diff_w_rule_for_text(self):
        self.assertEqual(self.verdict("s.css", "a {\n  b: c;\n}\n", "a{\n\tb :c;\n}\n", ignore_whitespace=True),
                         "equal")
        self.assertEqual(self.verdict("t.css", "a {\nb: c;\n}\n", "a { b: c;\n}\n", ignore_whitespace=True),
                         "different")

    def test_missing_and_extra(self):
        verdicts, _ = self.verdicts({"only_ref.html": PAGE, "same.txt": "x"}, {"only_cand.txt": "y", "same.txt": "x"})
        self.assertEqual(verdicts, {"only_ref.html": "missing", "only_cand.txt": "extra", "same.txt": "equal"})

    def test_omitted_copies_checked_by_checksum(self):
        data = b"\xff\xd8picture"
        digest = hashlib.sha256(data).hexdigest()
        copies = {"pictures/a.jpg": digest, "pictures/b.jpg": digest, "pictures/c.jpg": digest}
        verdicts, _ = self.verdicts({}, {"pictures/a.jpg": data, "pictures/b.jpg": data + b"!"},
                                    omitted_copies=copies)
        self.assertEqual(verdicts, {"pictures/a.jpg": "equal", "pictures/b.jpg": "different",
                                    "pictures/c.jpg": "missing"})

    def test_omitted_copies_file_beside_the_reference(self):
        data = b"font"
        with open(os.path.join(self.scratch.name, "OMITTED-COPIES.tsv"), "w") as tsv:
            tsv.write("# comment\nref/theme/f.woff\t%s\tthemes/f.woff\n" % hashlib.sha256(data).hexdigest())
        verdicts, _ = self.verdicts({}, {"theme/f.woff": data})
        self.assertEqual(verdicts, {"theme/f.woff": "equal"})


class CommandLine(CompareCase):
    def run_main(self, *extra):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = compare_sites.main([self.ref, self.cand] + list(extra))
        return status, out.getvalue()

    def test_all_equal_exits_zero(self):
        write_tree(self.ref, {"a.html": PAGE})
        write_tree(self.cand, {"a.html": PAGE})
        status, text = self.run_main()
        self.assertEqual(status, 0)
        self.assertIn("equal      a.html", text)
        self.assertIn("1 files: 1 equal, 0 different, 0 missing, 0 extra (100.0% equal)", text)

    def test_one_difference_fails_unless_threshold_reached(self):
        write_tree(self.ref, {"a.html": PAGE, "b.txt": "1", "c.txt": "2", "d.txt": "3"})
        write_tree(self.cand, {"a.html": PAGE.replace("One", "Two"), "b.txt": "1", "c.txt": "2", "d.txt": "3"})
        self.assertEqual(self.run_main()[0], 1)
        self.assertEqual(self.run_main("--min-equal", "75")[0], 0)
        self.assertEqual(self.run_main("--min-equal", "80")[0], 1)

    def test_json(self):
        write_tree(self.ref, {"a.html": PAGE, "m.txt": "x"})
        write_tree(self.cand, {"a.html": PAGE, "e.txt": "y"})
        status, text = self.run_main("--json")
        report = json.loads(text)
        self.assertEqual(status, 1)
        self.assertEqual([f["verdict"] for f in report["files"]], ["equal", "extra", "missing"])
        self.assertEqual(report["summary"]["total"], 3)
        self.assertEqual(report["summary"]["percent_equal"], 33.33)

    def test_missing_candidate_tree(self):
        write_tree(self.ref, {"a.html": PAGE})
        os.rmdir(self.cand)
        status, text = self.run_main()
        self.assertEqual(status, 1)
        self.assertIn("missing    a.html", text)


if __name__ == "__main__":
    unittest.main()
