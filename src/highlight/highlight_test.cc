// Unit tests of src/highlight; expected HTML comes from Pygments 2.14
// (pygments.highlight with the same lexer and HtmlFormatter options).
#include <gtest/gtest.h>

#include "highlight/highlight.h"
#include "markdown/ext/codehilite.h"

namespace stacks::highlight {
namespace {

TEST(HighlightRegistry, AliasesAreCaseInsensitive) {
  ASSERT_NE(FindLanguage("Python3"), nullptr);
  EXPECT_EQ(LanguageName(*FindLanguage("PY")), "Python");
  EXPECT_EQ(LanguageName(*FindLanguage("shell")), "Bash");
  EXPECT_EQ(LanguageName(*FindLanguage("console")), "Bash Session");
  EXPECT_EQ(LanguageName(*FindLanguage("tf")), "Terraform");
  EXPECT_EQ(LanguageName(*FindLanguage("hcl")), "Terraform");
  EXPECT_EQ(LanguageName(*FindLanguage("golang")), "Go");
  EXPECT_EQ(LanguageName(*FindLanguage("yml")), "YAML");
  EXPECT_EQ(FindLanguage("no-such-language"), nullptr);
}

TEST(HighlightRegistry, FilenamePatterns) {
  EXPECT_EQ(LanguageName(*FindLanguage("dockerfile")), "Docker");
  EXPECT_EQ(LanguageName(*FindLanguageForFile("src/Dockerfile")), "Docker");
  EXPECT_EQ(LanguageName(*FindLanguageForFile("main.tf")), "Terraform");
  EXPECT_EQ(LanguageName(*FindLanguageForFile("/etc/nginx/nginx.conf")), "Nginx configuration file");
}

TEST(HighlightTokenTypes, NamesAndClasses) {
  EXPECT_EQ(TokenClass(TokenType::kKeywordNamespace), "kn");
  EXPECT_EQ(TokenClass(TokenType::kStringDouble), "s2");
  EXPECT_EQ(TokenClass(TokenType::kText), "");
  EXPECT_EQ(TokenTypeName(TokenType::kNameFunctionMagic), "Name.Function.Magic");
  EXPECT_EQ(TokenTypeFromName("Token.Comment.Single"), TokenType::kCommentSingle);
}

TEST(HighlightHtml, JsonTokens) {
  EXPECT_EQ(Highlight("{\"a\": [1, true]}\n", "json"),
            "<div class=\"highlight\"><pre><span></span><span class=\"p\">{</span><span class=\"nt\">&quot;a&quot;"
            "</span><span class=\"p\">:</span><span class=\"w\"> </span><span class=\"p\">[</span><span "
            "class=\"mi\">1</span><span class=\"p\">,</span><span class=\"w\"> </span><span class=\"kc\">true"
            "</span><span class=\"p\">]}</span>\n</pre></div>\n");
}

TEST(HighlightHtml, InlineNumbersAndHighlightedLines) {
  nlohmann::json o = {{"linenos", "inline"}, {"hl_lines", {2}}, {"cssclass", "codehilite"}, {"wrapcode", true}};
  EXPECT_EQ(Highlight("x = 1\ny = 2\n", "toml", o),
            "<div class=\"codehilite\"><pre><span></span><code><span class=\"linenos\">1</span><span "
            "class=\"n\">x</span><span class=\"w\"> </span><span class=\"o\">=</span><span class=\"w\"> "
            "</span><span class=\"mi\">1</span>\n<span class=\"hll\"><span class=\"linenos\">2</span><span "
            "class=\"n\">y</span><span class=\"w\"> </span><span class=\"o\">=</span><span class=\"w\"> "
            "</span><span class=\"mi\">2</span>\n</span></code></pre></div>\n");
}

TEST(HighlightHtml, UnknownLanguageIsPlainText) {
  nlohmann::json o = {{"linenos", "table"}, {"linenostart", 9}};
  std::string expected =
      "<div class=\"highlight\"><table class=\"highlighttable\"><tr><td class=\"linenos\"><div "
      "class=\"linenodiv\"><pre><span class=\"normal\">9</span></pre></div></td><td class=\"code\"><div><pre>"
      "<span></span>a &lt;b&gt; &amp; c\n</pre></div></td></tr></table></div>\n";
  EXPECT_EQ(Highlight("a <b> & c\n", "no-such-language", o), expected);
  EXPECT_EQ(markdown::PygmentsPlainHtml("a <b> & c\n", o), expected);
}

TEST(HighlightCss, DefaultStyle) {
  std::optional<std::string> css = StyleCss("default", ".codehilite");
  ASSERT_TRUE(css);
  EXPECT_NE(css->find(".codehilite .k { color: #008000; font-weight: bold } /* Keyword */"), std::string::npos);
  EXPECT_FALSE(StyleCss("no-such-style"));
}

TEST(HighlightMarkdown, CallbackWarnsOnBadHlLines) {
  std::vector<std::string> warnings;
  markdown::CodeBlockCallback cb = MarkdownCodeBlockHighlighter(&warnings);
  markdown::CodeBlock block{"x = 1", "python", {{"hl_lines", "1 x"}, {"cssclass", "codehilite"}}};
  ASSERT_TRUE(cb(block));
  ASSERT_EQ(warnings.size(), 1u);
}

}  // namespace
}  // namespace stacks::highlight
