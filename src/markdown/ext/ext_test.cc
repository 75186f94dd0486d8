// Tests of the toc, attr_list, legacy_attrs, fenced_code, footnotes,
// codehilite, meta and extra extensions. Most expectations are the
// reference Python-Markdown's output, generated into ext_cases.inc by
// ext_cases.py; the rest were checked by hand against it.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "markdown/ext/codehilite.h"
#include "markdown/markdown.h"

namespace stacks::markdown {
namespace {

struct OracleCase {
  const char* name;
  const char* source;
  const char* extensions;
  const char* configs;
  const char* output_format;
  const char* html;
  const char* toc;
  const char* toc_tokens;
  const char* meta;
};

struct PygmentsCase {
  const char* code;
  const char* options;
  const char* html;
};

#include "markdown/ext/ext_cases.inc"

Options MakeOptions(const OracleCase& c) {
  Options options;
  for (const auto& e : nlohmann::json::parse(c.extensions)) options.extensions.push_back(e.get<std::string>());
  options.extension_configs = nlohmann::json::parse(c.configs);
  options.output_format = c.output_format;
  return options;
}

nlohmann::json MetaJson(const Result& r) {
  nlohmann::json meta = nlohmann::json::object();
  for (const auto& [key, values] : r.meta) meta[key] = values;
  return meta;
}

class OracleTest : public testing::TestWithParam<OracleCase> {};

TEST_P(OracleTest, MatchesPythonMarkdown) {
  const OracleCase& c = GetParam();
  Converter converter(MakeOptions(c));
  for (const std::string& error : converter.errors())
    if (error.find("Failed loading extension") != std::string::npos)
      GTEST_SKIP() << "not built yet: " << error;
  ASSERT_TRUE(converter.errors().empty()) << converter.errors().front();
  Result r = converter.Convert(c.source);
  EXPECT_EQ(r.html, c.html);
  EXPECT_EQ(r.toc, c.toc);
  EXPECT_EQ(r.toc_tokens, nlohmann::json::parse(c.toc_tokens));
  EXPECT_EQ(MetaJson(r), nlohmann::json::parse(c.meta));
}

std::string CaseName(const testing::TestParamInfo<OracleCase>& info) {
  std::string name = info.param.name;
  for (char& ch : name)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Extensions, OracleTest, testing::ValuesIn(kOracleCases), CaseName);

TEST(PygmentsPlainHtml, MatchesPygmentsTextLexer) {
  for (const PygmentsCase& c : kPygmentsCases) {
    SCOPED_TRACE(std::string(c.code) + " " + c.options);
    EXPECT_EQ(PygmentsPlainHtml(c.code, nlohmann::json::parse(c.options)), c.html);
  }
}

TEST(ParseHlLines, ReadsNumbersOrNothing) {
  EXPECT_EQ(ParseHlLines("1 3  5"), nlohmann::json({1, 3, 5}));
  EXPECT_EQ(ParseHlLines(""), nlohmann::json::array());
  EXPECT_EQ(ParseHlLines("1 x"), nlohmann::json::array());
}

// The highlighter callback sees each block with its language and options;
// declining prints the block as Pygments prints plain text.
TEST(Highlight, CallbackGetsBlocksAndMayDecline) {
  Options options;
  options.extensions = {"fenced_code", "codehilite"};
  options.extension_configs = {{"codehilite", {{"css_class", "highlight"}}}};
  std::vector<CodeBlock> seen;
  options.highlight = [&](const CodeBlock& block) -> std::optional<std::string> {
    seen.push_back(block);
    if (block.lang == "python") return "<div>" + block.code + "</div>\n";
    return std::nullopt;
  };
  Result r = Convert("```python hl_lines=\"2\"\nx = 1\ny\n```\n\n    #!sh\n    ls\n", options);
  EXPECT_EQ(r.html,
            "<div>x = 1\ny</div>\n\n<div class=\"highlight\"><table class=\"highlighttable\"><tr><td class=\"linenos\">"
            "<div class=\"linenodiv\"><pre><span class=\"normal\">1</span></pre></div></td><td class=\"code\">"
            "<div><pre><span></span><code>ls\n</code></pre></div></td></tr></table></div>");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].lang, "python");
  EXPECT_EQ(seen[0].options["hl_lines"], nlohmann::json({2}));
  EXPECT_EQ(seen[0].options["cssclass"], "highlight");
  EXPECT_EQ(seen[0].options["guess_lang"], true);
  EXPECT_EQ(seen[1].lang, "sh");
  EXPECT_EQ(seen[1].code, "ls");
  EXPECT_EQ(seen[1].options["linenos"], true);
}

// Python fails on these settings (KeyError, ValueError); so do we.
TEST(Config, BadSettingsFailTheExtension) {
  for (const char* config : {R"({"toc": {"nosuch": 1}})", R"({"toc": {"anchorlink": "maybe"}})",
                             R"({"codehilite": {"linenums": "inline"}})", R"({"footnotes": {"UNIQUE_IDS": "x"}})",
                             R"({"fenced_code": {"x": 1}})"}) {
    Options options;
    options.extension_configs = nlohmann::json::parse(config);
    options.extensions = {options.extension_configs.begin().key()};
    Converter converter(options);
    EXPECT_FALSE(converter.errors().empty()) << config;
  }
}

// Each conversion is a new document: footnote ids made unique per document
// count up as Python's do across md.reset() calls (2 for the first).
TEST(Footnotes, UniqueIdsChangePerDocument) {
  Options options;
  options.extensions = {"footnotes"};
  options.extension_configs = {{"footnotes", {{"UNIQUE_IDS", true}}}};
  Converter converter(options);
  EXPECT_NE(converter.Convert("A[^1]\n\n[^1]: n").html.find("id=\"fnref:2-1\""), std::string::npos);
  EXPECT_NE(converter.Convert("A[^1]\n\n[^1]: n").html.find("id=\"fnref:3-1\""), std::string::npos);
}

// slugify_unicode (named, since a function cannot be passed) keeps letters.
TEST(Toc, SlugifyUnicodeByName) {
  Options options;
  options.extensions = {"toc"};
  options.extension_configs = {{"toc", {{"slugify", "markdown.extensions.toc.slugify_unicode"}}}};
  EXPECT_EQ(Convert("# Žluťoučký kůň – Ελληνικά 日本語\n", options).html,
            "<h1 id=\"žluťoučký-kůň-ελληνικά-日本語\">Žluťoučký kůň – Ελληνικά 日本語</h1>");
}

// Cells split at pipes outside code: escaped pipes and backslashes, escaped
// and doubled backtick runs (expected HTML from Python-Markdown 3.4.1).
TEST(Tables, PipesInCodeAndEscapes) {
  Options options;
  options.extensions = {"tables"};
  const std::string doc =
      "| a `b|c` | \\| d | e \\\\| f |\n" "|---|---|---|---|\n"
      "| `` x|`y `` | \\`z|w\\` | ok |\n" "| \\``a|b` | `c | d\\|e |";
  EXPECT_EQ(Convert(doc, options).html,
            "<table>\n" "<thead>\n" "<tr>\n" "<th>a <code>b|c</code></th>\n" "<th>| d</th>\n"
            "<th>e \\</th>\n" "<th>f</th>\n" "</tr>\n" "</thead>\n" "<tbody>\n" "<tr>\n"
            "<td><code>x|`y</code></td>\n" "<td>`z</td>\n" "<td>w`</td>\n" "<td>ok</td>\n" "</tr>\n"
            "<tr>\n" "<td>`<code>a|b</code></td>\n" "<td>`c</td>\n" "<td>d|e</td>\n" "<td></td>\n"
            "</tr>\n" "</tbody>\n" "</table>");
}

// ASCII titles take the slugifier's regex-free path; expected ids from
// Python-Markdown 3.4.1 (separators "-" and "_", \x1c counted as space).
TEST(Toc, SlugifyAsciiTitles) {
  const std::string doc = "# Hello,  World -- x_y!  \xC3\x87" "a\x1c va?\n\n# -_ Trim _-";
  Options options;
  options.extensions = {"toc"};
  EXPECT_EQ(Convert(doc, options).html,
            "<h1 id=\"hello-world-x_y-ca-va\">Hello,  World -- x_y!  \xC3\x87" "a\x1c va?</h1>\n"
            "<h1 id=\"-trim-\">-<em> Trim </em>-</h1>");
  options.extension_configs = {{"toc", {{"separator", "_"}}}};
  EXPECT_EQ(Convert(doc, options).html,
            "<h1 id=\"hello_world_--_x_y_ca_va\">Hello,  World -- x_y!  \xC3\x87" "a\x1c va?</h1>\n"
            "<h1 id=\"-_trim_-\">-<em> Trim </em>-</h1>");
}

// Without toc_outputs the document is the same (marker replaced, ids set)
// and md.toc / md.toc_tokens are left empty. Expected HTML from Python.
TEST(Toc, OutputsCanBeTurnedOff) {
  const std::string doc = "[TOC]\n\n# A b\n\n## B, c -- d_e!";
  const std::string toc =
      "<div class=\"toc\">\n<ul>\n<li><a href=\"#a-b\">A b</a><ul>\n"
      "<li><a href=\"#b-c-d_e\">B, c -- d_e!</a></li>\n</ul>\n</li>\n</ul>\n</div>\n";
  const std::string html = toc + "<h1 id=\"a-b\">A b</h1>\n<h2 id=\"b-c-d_e\">B, c -- d_e!</h2>";
  Options options;
  options.extensions = {"toc"};
  Result full = Convert(doc, options);
  EXPECT_EQ(full.html, html);
  EXPECT_EQ(full.toc, toc);
  options.toc_outputs = false;
  Result bare = Convert(doc, options);
  EXPECT_EQ(bare.html, html);
  EXPECT_EQ(bare.toc, "");
  EXPECT_EQ(bare.toc_tokens, nlohmann::json::array());
}

}  // namespace
}  // namespace stacks::markdown
