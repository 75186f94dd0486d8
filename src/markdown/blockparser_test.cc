// Tests of the block parser and the block-level extensions. Every expected
// string was produced by Python-Markdown 3.4.1 (/usr/bin/python3): the
// BlockParserOracle cases run only the preprocessors and the block parser
// (`md.parser.parseDocument`) and serialize the tree with
// `serializers.to_xhtml_string`; the extension cases run `markdown.markdown`.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "markdown/blockparser.h"
#include "markdown/core.h"
#include "markdown/markdown.h"

namespace stacks::markdown {
namespace {

// Preprocesses `source` and parses it into a tree, as Python's
// `md.parser.parseDocument(lines)` after the preprocessors.
ElementPtr ParseWith(Markdown& md, const std::string& source) {
  md.Reset();
  std::vector<std::string> lines = SplitOn(source, "\n");
  for (Preprocessor* p : md.preprocessors.Items()) lines = p->Run(std::move(lines));
  return md.parser->ParseDocument(lines);
}

std::string ParseOnly(const std::string& source, const std::vector<std::string>& extensions) {
  Options opts;
  opts.extensions = extensions;
  Markdown md(opts);
  EXPECT_TRUE(md.construction_errors().empty());
  return md.Serialize(*ParseWith(md, source));
}

void ExpectReference(const Markdown& md, const std::string& id, const std::string& href,
                     const std::optional<std::string>& title) {
  auto it = md.references.find(id);
  ASSERT_NE(it, md.references.end()) << id;
  EXPECT_EQ(it->second.href, href);
  EXPECT_EQ(it->second.has_title, title.has_value());
  if (title) EXPECT_EQ(it->second.title, *title);
}

std::string ConvertWith(const std::string& source, const std::vector<std::string>& extensions,
                        const std::string& configs) {
  Options opts;
  opts.extensions = extensions;
  opts.extension_configs = nlohmann::json::parse(configs);
  Result r = Convert(source, opts);
  EXPECT_TRUE(r.errors.empty());
  return r.html;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

// `python -m markdown` on '> ' * 10000 + 'x' nests 297 blockquotes: the
// quote processor stops within 100 frames of Python's recursion limit.
TEST(BlockParserDepth, DeepBlockquotesStopLikePython) {
  std::string html = ParseOnly(Repeat("> ", 10000) + "x", {});
  EXPECT_EQ(Count(html, "<blockquote>"), 297u);
}

TEST(BlockParserDepth, BlockquoteDepthBelowTheLimitIsExact) {
  EXPECT_EQ(Count(ParseOnly(Repeat("> ", 297) + "x", {}), "<blockquote>"), 297u);
  EXPECT_EQ(Count(ParseOnly(Repeat("> ", 250) + "x", {}), "<blockquote>"), 250u);
}

// `python -m markdown` converts '* ' * 493 + 'x' and raises RecursionError
// for 494 and more.
TEST(BlockParserDepth, DeepListsRaiseWherePythonDoes) {
  EXPECT_EQ(Count(ParseOnly(Repeat("* ", 493) + "x", {}), "<ul>"), 493u);
  Options opts;
  Markdown md(opts);
  EXPECT_THROW(ParseWith(md, Repeat("* ", 494) + "x"), RecursionError);
  EXPECT_THROW(ParseWith(md, Repeat("* ", 10000) + "x"), RecursionError);
  // The parser is usable again after the error.
  EXPECT_EQ(md.Serialize(*ParseWith(md, "* a")), "<div><ul><li>a</li></ul></div>");
  EXPECT_EQ(md.parser->python_depth(), 0);
}

TEST(BlockParserOracle, TightList) {
  EXPECT_EQ(ParseOnly("* a\n"
      "* b\n"
      "* c", {}),
            "<div><ul><li>a</li><li>b</li><li>c</li></ul></div>");
}

TEST(BlockParserOracle, LooseList) {
  EXPECT_EQ(ParseOnly("* a\n"
      "\n"
      "* b\n"
      "\n"
      "* c", {}),
            "<div><ul><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ul></div>");
}

TEST(BlockParserOracle, OrderedListIgnoresStart) {
  EXPECT_EQ(ParseOnly("3. three\n"
      "4. four", {}),
            "<div><ol><li>three</li><li>four</li></ol></div>");
}

TEST(BlockParserOracle, MixedMarkersContinueList) {
  EXPECT_EQ(ParseOnly("* a\n"
      "1. b\n"
      "- c", {}),
            "<div><ul><li>a</li><li>b</li><li>c</li></ul></div>");
}

TEST(BlockParserOracle, NestedList) {
  EXPECT_EQ(ParseOnly("* a\n"
      "    * b\n"
      "        * c\n"
      "* d", {}),
            "<div><ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul></div>");
}

TEST(BlockParserOracle, NestedOrderedInUnordered) {
  EXPECT_EQ(ParseOnly("- a\n"
      "    1. x\n"
      "    2. y\n"
      "- b", {}),
            "<div><ul><li>a<ol><li>x</li><li>y</li></ol></li><li>b</li></ul></div>");
}

TEST(BlockParserOracle, LazyLineInItem) {
  EXPECT_EQ(ParseOnly("* item one\n"
      "continued lazily\n"
      "* item two", {}),
            "<div><ul><li>item one\n"
      "continued lazily</li><li>item two</li></ul></div>");
}

TEST(BlockParserOracle, ParagraphAfterItem) {
  EXPECT_EQ(ParseOnly("* item\n"
      "\n"
      "    second paragraph\n"
      "\n"
      "* next", {}),
            "<div><ul><li><p>item</p><p>second paragraph</p></li><li><p>next</p></li></ul></div>");
}

TEST(BlockParserOracle, CodeInList) {
  EXPECT_EQ(ParseOnly("* item\n"
      "\n"
      "        code in item\n"
      "\n"
      "* next", {}),
            "<div><ul><li><p>item</p><pre><code>code in item\n"
      "</code></pre></li><li><p>next</p></li></ul></div>");
}

TEST(BlockParserOracle, ListThenCode) {
  EXPECT_EQ(ParseOnly("* item\n"
      "\n"
      "\n"
      "    code?", {}),
            "<div><ul><li><p>item</p><p>code?</p></li></ul></div>");
}

TEST(BlockParserOracle, HeaderInTightList) {
  EXPECT_EQ(ParseOnly("* # Header\n"
      "Line 2 of item", {}),
            "<div><ul><li><h1>Header</h1>\n"
      "Line 2 of item</li></ul></div>");
}

TEST(BlockParserOracle, ListItemStartsWithList) {
  EXPECT_EQ(ParseOnly("* * sub1\n"
      "    * sub2", {}),
            "<div><ul><li><ul><li>sub1</li><li>sub2</li></ul></li></ul></div>");
}

TEST(BlockParserOracle, IndentedBlockAfterList) {
  EXPECT_EQ(ParseOnly("1. a\n"
      "\n"
      "        indented code\n"
      "\n"
      "after", {}),
            "<div><ol><li>a<pre><code>indented code\n"
      "</code></pre></li></ol><p>after</p></div>");
}

TEST(BlockParserOracle, Code) {
  EXPECT_EQ(ParseOnly("    code\n"
      "    more\n"
      "\n"
      "\n"
      "    after blank\n"
      "text", {}),
            "<div><pre><code>code\n"
      "more\n"
      "\n"
      "\n"
      "after blank\n"
      "</code></pre><p>text</p></div>");
}

TEST(BlockParserOracle, CodeEscapes) {
  EXPECT_EQ(ParseOnly("    <b>&amp;</b>", {}),
            "<div><pre><code>&lt;b&gt;&amp;amp;&lt;/b&gt;\n"
      "\n"
      "\n"
      "</code></pre></div>");
}

TEST(BlockParserOracle, CodeWithTrailingBlankLines) {
  EXPECT_EQ(ParseOnly("    a\n"
      "\n"
      "\n"
      "\n"
      "    b", {}),
            "<div><pre><code>a\n"
      "\n"
      "\n"
      "\n"
      "b\n"
      "\n"
      "\n"
      "</code></pre></div>");
}

TEST(BlockParserOracle, HashHeaders) {
  EXPECT_EQ(ParseOnly("# H1\n"
      "## H2 ##\n"
      "###### H6\n"
      "####### H7\n"
      "#no space", {}),
            "<div><h1>H1</h1><h2>H2</h2><h6>H6</h6><h6># H7</h6><h1>no space</h1></div>");
}

TEST(BlockParserOracle, HashHeaderMidBlock) {
  EXPECT_EQ(ParseOnly("para\n"
      "# header\n"
      "after", {}),
            "<div><p>para</p><h1>header</h1><p>after</p></div>");
}

TEST(BlockParserOracle, HashHeaderEscapedHash) {
  EXPECT_EQ(ParseOnly("# C\\# #", {}),
            "<div><h1>C\\#</h1></div>");
}

TEST(BlockParserOracle, SetextHeaders) {
  EXPECT_EQ(ParseOnly("Title\n"
      "=====\n"
      "\n"
      "Sub\n"
      "---\n"
      "rest", {}),
            "<div><h1>Title</h1><h2>Sub</h2><p>rest</p></div>");
}

TEST(BlockParserOracle, SetextNeedsFirstLine) {
  EXPECT_EQ(ParseOnly("a\n"
      "b\n"
      "---", {}),
            "<div><p>a\n"
      "b</p><hr /></div>");
}

TEST(BlockParserOracle, HrVariants) {
  EXPECT_EQ(ParseOnly("---\n"
      "\n"
      "***\n"
      "\n"
      "___\n"
      "\n"
      "* * *\n"
      "\n"
      "- - -\n"
      "\n"
      "   ---\n"
      "\n"
      "-- -", {}),
            "<div><hr /><hr /><hr /><hr /><hr /><hr /><hr /></div>");
}

TEST(BlockParserOracle, HrInsideParagraph) {
  EXPECT_EQ(ParseOnly("before\n"
      "***\n"
      "after", {}),
            "<div><p>before</p><hr /><p>after</p></div>");
}

TEST(BlockParserOracle, HrTooIndented) {
  EXPECT_EQ(ParseOnly("    ***", {}),
            "<div><pre><code>***\n"
      "\n"
      "\n"
      "</code></pre></div>");
}

TEST(BlockParserOracle, BlockQuote) {
  EXPECT_EQ(ParseOnly("> quote\n"
      "> more\n"
      "lazy\n"
      "\n"
      "> second", {}),
            "<div><blockquote><p>quote\n"
      "more\n"
      "lazy</p><p>second</p></blockquote></div>");
}

TEST(BlockParserOracle, NestedBlockQuote) {
  EXPECT_EQ(ParseOnly("> a\n"
      "> > b\n"
      "> c", {}),
            "<div><blockquote><p>a</p><blockquote><p>b\n"
      "c</p></blockquote></blockquote></div>");
}

TEST(BlockParserOracle, BlockQuoteWithList) {
  EXPECT_EQ(ParseOnly("> * a\n"
      "> * b", {}),
            "<div><blockquote><ul><li>a</li><li>b</li></ul></blockquote></div>");
}

TEST(BlockParserOracle, BlockQuoteAfterText) {
  EXPECT_EQ(ParseOnly("text\n"
      "> quoted", {}),
            "<div><p>text</p><blockquote><p>quoted</p></blockquote></div>");
}

TEST(BlockParserOracle, BlockQuoteWithCode) {
  EXPECT_EQ(ParseOnly(">     code\n"
      ">\n"
      ">     more", {}),
            "<div><blockquote><pre><code>code\n"
      "\n"
      "more\n"
      "</code></pre></blockquote></div>");
}

TEST(BlockParserOracle, References) {
  EXPECT_EQ(ParseOnly("[one]: http://a.com\n"
      "[Two]: <http://b.com> \"Title\"\n"
      "[three]:\n"
      "   http://c.com\n"
      "   (paren title)\n"
      "\n"
      "text", {}),
            "<div><p>text</p></div>");
}

TEST(BlockParserOracle, ReferencesStored) {
  Options opts;
  Markdown md(opts);
  ParseWith(md, "[one]: http://a.com\n"
      "[Two]: <http://b.com> \"Title\"\n"
      "[three]:\n"
      "   http://c.com\n"
      "   (paren title)\n"
      "\n"
      "text");
  EXPECT_EQ(md.references.size(), 3u);
  ExpectReference(md, "one", "http://a.com", std::nullopt);
  ExpectReference(md, "two", "http://b.com", "Title");
  ExpectReference(md, "three", "http://c.com", "paren title");
}

TEST(BlockParserOracle, ReferenceAmidText) {
  EXPECT_EQ(ParseOnly("before\n"
      "[id]: /url 'single'\n"
      "after", {}),
            "<div><p>before</p><p>after</p></div>");
}

TEST(BlockParserOracle, ReferenceAmidTextStored) {
  Options opts;
  Markdown md(opts);
  ParseWith(md, "before\n"
      "[id]: /url 'single'\n"
      "after");
  EXPECT_EQ(md.references.size(), 1u);
  ExpectReference(md, "id", "/url", "single");
}

TEST(BlockParserOracle, NotAReference) {
  EXPECT_EQ(ParseOnly("[text] (http://x)", {}),
            "<div><p>[text] (http://x)</p></div>");
}

TEST(BlockParserOracle, EmptyDocumentLines) {
  EXPECT_EQ(ParseOnly("\n"
      "\n"
      "\n"
      "a\n"
      "\n"
      "\n"
      "\n"
      "b\n"
      "\n"
      "", {}),
            "<div><p>a</p><p>b</p></div>");
}

TEST(BlockParserOracle, TabsExpanded) {
  EXPECT_EQ(ParseOnly("*\titem\n"
      "\n"
      "\tcode", {}),
            "<div><ul><li><p>item</p><p>code</p></li></ul></div>");
}

TEST(BlockParserOracle, SaneLists) {
  EXPECT_EQ(ParseOnly("1. a\n"
      "* b\n"
      "\n"
      "3. c\n"
      "4. d\n"
      "\n"
      "- x\n"
      "1. y", {"sane_lists"}),
            "<div><ol><li><p>a\n"
      "* b</p></li><li><p>c</p></li><li>d</li></ol><ul><li>x\n"
      "1. y</li></ul></div>");
}

TEST(BlockParserOracle, SaneListsStart) {
  EXPECT_EQ(ParseOnly("3. three\n"
      "4. four", {"sane_lists"}),
            "<div><ol start=\"3\"><li>three</li><li>four</li></ol></div>");
}

TEST(BlockParserOracle, DefList) {
  EXPECT_EQ(ParseOnly("Term\n"
      ":   Definition\n"
      "\n"
      "Term 2\n"
      "Term 3\n"
      ":   Def a\n"
      ":   Def b\n"
      "\n"
      "    more of b", {"def_list"}),
            "<div><dl><dt>Term</dt><dd>Definition</dd><dt>Term 2</dt><dt>Term 3</dt><dd>Def a</dd><dd><p>Def b</p><p>more of b</p></dd></dl></div>");
}

TEST(BlockParserOracle, LooseDefList) {
  EXPECT_EQ(ParseOnly("Term\n"
      "\n"
      ":   Loose definition\n"
      "\n"
      ":   Another", {"def_list"}),
            "<div><dl><dt>Term</dt><dd><p>Loose definition</p></dd><dd><p>Another</p></dd></dl></div>");
}

TEST(BlockParserOracle, Table) {
  EXPECT_EQ(ParseOnly("| a | b | c |\n"
      "|:--|:-:|--:|\n"
      "| 1 | `x|y` | 3 |\n"
      "| only |", {"tables"}),
            "<div><table><thead><tr><th style=\"text-align: left;\">a</th><th style=\"text-align: center;\">b</th><th style=\"text-align: right;\">c</th></tr></thead><tbody><tr><td style=\"text-align: left;\">1</td><td style=\"text-align: center;\">`x|y`</td><td style=\"text-align: right;\">3</td></tr><tr><td style=\"text-align: left;\">only</td><td style=\"text-align: center;\"></td><td style=\"text-align: right;\"></td></tr></tbody></table></div>");
}

TEST(BlockParserOracle, TableNoBorder) {
  EXPECT_EQ(ParseOnly("a | b\n"
      "--- | ---\n"
      "1 | 2", {"tables"}),
            "<div><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>");
}

TEST(BlockParserOracle, TableHeaderOnly) {
  EXPECT_EQ(ParseOnly("| a |\n"
      "| - |", {"tables"}),
            "<div><table><thead><tr><th>a</th></tr></thead><tbody><tr><td></td></tr></tbody></table></div>");
}

TEST(BlockParserOracle, TableEscapedPipe) {
  EXPECT_EQ(ParseOnly("a \\| b | c\n"
      "--|--\n"
      "x | y", {"tables"}),
            "<div><table><thead><tr><th>a \\| b</th><th>c</th></tr></thead><tbody><tr><td>x</td><td>y</td></tr></tbody></table></div>");
}

TEST(BlockParserOracle, Admonition) {
  EXPECT_EQ(ParseOnly("!!! note\n"
      "    body\n"
      "\n"
      "    more\n"
      "\n"
      "!!! danger \"Don't\"\n"
      "    x\n"
      "\n"
      "!!! tip \"\"\n"
      "    no title\n"
      "\n"
      "!!! Class1  class2\n"
      "    y", {"admonition"}),
            "<div><div class=\"admonition note\"><p class=\"admonition-title\">Note</p><p>body</p><p>more</p></div><div class=\"admonition danger\"><p class=\"admonition-title\">Don't</p><p>x</p></div><div class=\"admonition tip\"><p>no title</p></div><div class=\"admonition class1 class2\"><p class=\"admonition-title\">Class1</p><p>y</p></div></div>");
}

TEST(BlockParserOracle, AdmonitionInList) {
  EXPECT_EQ(ParseOnly("* item\n"
      "\n"
      "    !!! note\n"
      "        inside\n"
      "\n"
      "        still inside", {"admonition"}),
            "<div><ul><li><p>item</p><div class=\"admonition note\"><p class=\"admonition-title\">Note</p><p>inside</p><p>still inside</p></div></li></ul></div>");
}

TEST(BlockExtensionsOracle, Abbr) {
  EXPECT_EQ(ConvertWith("*[HTML]: Hyper Text Markup Language\n"
      "*[W3C]:  World Wide Web Consortium\n"
      "\n"
      "The HTML spec is maintained by the W3C. HTMLX is not.", {"abbr"}, R"json({})json"),
            "<p>The <abbr title=\"Hyper Text Markup Language\">HTML</abbr> spec is maintained by the <abbr title=\"World Wide Web Consortium\">W3C</abbr>. HTMLX is not.</p>");
}

TEST(BlockExtensionsOracle, TablesAlignAttribute) {
  EXPECT_EQ(ConvertWith("| a | b |\n"
      "|:--|--:|\n"
      "| 1 | 2 |", {"tables"}, R"json({"tables": {"use_align_attribute": true}})json"),
            "<table>\n"
      "<thead>\n"
      "<tr>\n"
      "<th align=\"left\">a</th>\n"
      "<th align=\"right\">b</th>\n"
      "</tr>\n"
      "</thead>\n"
      "<tbody>\n"
      "<tr>\n"
      "<td align=\"left\">1</td>\n"
      "<td align=\"right\">2</td>\n"
      "</tr>\n"
      "</tbody>\n"
      "</table>");
}

}  // namespace
}  // namespace stacks::markdown
