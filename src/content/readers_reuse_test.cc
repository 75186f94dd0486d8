// ReadMarkdown reuses converters between files; nothing one file defines
// (footnotes, reference links, heading ids, abbreviations) may show in the
// next. Expected HTML printed by the oracle: /usr/bin/python3 with
// Python-Markdown 3.4.1, one Markdown instance per file as Pelican 4.8's
// MarkdownReader builds it (summary converted after deregister('meta') and
// reset() on the same instance).
#include <gtest/gtest.h>

#include "content/content.h"

namespace stacks::content {
namespace {

// Defines an abbreviation, a footnote, a reference link and an `intro` id.
const char* const kDocA =
    "Title: A\nSummary: HTML note[^n] and [ref]\n\n# Intro\n\nText[^n] about HTML, see [ref].\n\n"
    "*[HTML]: Hyper Text\n\n[ref]: http://a.example/\n[^n]: Note A.\n";
// Defines a footnote, a reference link and two `intro` ids; no abbreviation.
const char* const kDocB =
    "Title: B\nSummary: B note[^m] and [other]\n\n# Intro\n\n## Intro\n\nText[^m], see [other].\n\n"
    "[other]: http://b.example/\n[^m]: Note B.\n";
// Uses everything A and B define, defines nothing.
const char* const kDocC =
    "Title: C\nSummary: C uses HTML[^n][^m], [ref] and [other]\n\n# Intro\n\n"
    "C uses HTML[^n][^m], [ref] and [other].\n";

const char* const kHtmlA =
    "<h1 id=\"intro\">Intro</h1>\n<p>Text<sup id=\"fnref:n\"><a class=\"footnote-ref\" href=\"#fn:n\">1</a></sup> "
    "about <abbr title=\"Hyper Text\">HTML</abbr>, see <a href=\"http://a.example/\">ref</a>.</p>\n"
    "<div class=\"footnote\">\n<hr>\n<ol>\n<li id=\"fn:n\">\n<p>Note A.&#160;<a class=\"footnote-backref\" "
    "href=\"#fnref:n\" title=\"Jump back to footnote 1 in the text\">&#8617;</a></p>\n</li>\n</ol>\n</div>";
const char* const kSummaryA = "<p><abbr title=\"Hyper Text\">HTML</abbr> note[^n] and [ref]</p>";
const char* const kHtmlB =
    "<h1 id=\"intro\">Intro</h1>\n<h2 id=\"intro_1\">Intro</h2>\n<p>Text<sup id=\"fnref:m\"><a "
    "class=\"footnote-ref\" href=\"#fn:m\">1</a></sup>, see <a href=\"http://b.example/\">other</a>.</p>\n"
    "<div class=\"footnote\">\n<hr>\n<ol>\n<li id=\"fn:m\">\n<p>Note B.&#160;<a class=\"footnote-backref\" "
    "href=\"#fnref:m\" title=\"Jump back to footnote 1 in the text\">&#8617;</a></p>\n</li>\n</ol>\n</div>";
const char* const kSummaryB = "<p>B note[^m] and [other]</p>";
const char* const kHtmlC = "<h1 id=\"intro\">Intro</h1>\n<p>C uses HTML[^n][^m], [ref] and [other].</p>";
const char* const kSummaryC = "<p>C uses HTML[^n][^m], [ref] and [other]</p>";

SettingsJson Settings() {
  return SettingsJson::parse(R"({
    "MARKDOWN": {"extensions": ["markdown.extensions.extra", "markdown.extensions.toc"], "output_format": "html5"},
    "FORMATTED_FIELDS": ["summary"]})");
}

void ExpectRead(const char* source, const char* html, const char* summary) {
  ReadResult read = ReadMarkdown(source, "doc.md", Settings(), ReaderOptions());
  ASSERT_TRUE(read.ok) << read.error;
  EXPECT_EQ(read.content, html);
  const MetaValue* value = read.metadata.Find("summary");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->text, summary);
}

TEST(ReadersReuse, NothingLeaksFromOneFileToTheNext) {
  // B and C go through the reused converters; A defines an abbreviation,
  // which a reset does not clear, so C after A is the abbreviation check.
  ExpectRead(kDocB, kHtmlB, kSummaryB);
  ExpectRead(kDocC, kHtmlC, kSummaryC);
  ExpectRead(kDocB, kHtmlB, kSummaryB);
  ExpectRead(kDocA, kHtmlA, kSummaryA);
  ExpectRead(kDocC, kHtmlC, kSummaryC);
  ExpectRead(kDocA, kHtmlA, kSummaryA);
  ExpectRead(kDocB, kHtmlB, kSummaryB);
  ExpectRead(kDocC, kHtmlC, kSummaryC);
}

}  // namespace
}  // namespace stacks::content
