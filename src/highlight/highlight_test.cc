// Unit tests of src/highlight; expected HTML comes from Pygments 2.14
// (pygments.highlight with the same lexer and HtmlFormatter options).
#include <gtest/gtest.h>

#include "highlight/highlight.h"
#include "highlight/rule_lexer.h"
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

// Token streams of the ported lexers against Pygments 2.14's get_tokens
// (adjacent tokens of one type merged, as Tokenize merges them).
std::vector<std::pair<std::string, std::string>> TokensOf(std::string_view code, const char* alias) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Token& t : Tokenize(code, FindLanguage(alias), nlohmann::json::object()))
    out.emplace_back(std::string(TokenTypeName(t.type)), t.text);
  return out;
}

TEST(HighlightLexers, MakefileWithRecipeAndConditional) {
  std::vector<std::pair<std::string, std::string>> want = {
      {"Name.Function", "all"}, {"Operator", ":"}, {"Text.Whitespace", " "}, {"Name", "main"}, {"Text", "."},
      {"Name", "o"}, {"Text.Whitespace", "\n\t"}, {"Keyword", "$("}, {"Text", "CC"}, {"Keyword", ")"},
      {"Text.Whitespace", " "}, {"Text", "-o"}, {"Text.Whitespace", " "}, {"Name.Variable", "$@"},
      {"Text.Whitespace", " "}, {"Text", "$^"}, {"Text.Whitespace", "\n"}, {"Comment.Preproc", "ifdef DEBUG\n"},
      {"Name.Variable", "CFLAGS"}, {"Text.Whitespace", " "}, {"Operator", "+="}, {"Text.Whitespace", " "},
      {"Text", "-g"}, {"Text.Whitespace", "\n"}, {"Comment.Preproc", "endif\n"}};
  EXPECT_EQ(TokensOf("all: main.o\n\t$(CC) -o $@ $^\nifdef DEBUG\nCFLAGS += -g\nendif\n", "make"), want);
}

TEST(HighlightLexers, TypescriptTypeAnnotationAndRegex) {
  std::vector<std::pair<std::string, std::string>> want = {
      {"Keyword.Declaration", "let"}, {"Text.Whitespace", " "}, {"Name.Other", "x"}, {"Operator", ":"},
      {"Text.Whitespace", " "}, {"Keyword.Type", "number"}, {"Text.Whitespace", " "}, {"Operator", "="},
      {"Text.Whitespace", " "}, {"Literal.String.Regex", "/a+/g"}, {"Punctuation", "."}, {"Name.Other", "test"},
      {"Punctuation", "("}, {"Name.Other", "s"}, {"Punctuation", ");"}, {"Text.Whitespace", "\n"}};
  EXPECT_EQ(TokensOf("let x: number = /a+/g.test(s);\n", "ts"), want);
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

// Types outside Pygments' STANDARD_TYPES print their standard ancestor's
// class and their own suffix, each with the class prefix.
TEST(HighlightHtml, NonStandardTypeClasses) {
  std::vector<Token> tokens = {{TokenType::kNameBuiltinType, "int"},
                               {TokenType::kPunctuation, "("},
                               {TokenType::kNameBuiltinType, "x"},
                               {TokenType::kText, "\n"}};
  EXPECT_EQ(FormatHtml(tokens, {{"classprefix", "p-"}}),
            "<div class=\"highlight\"><pre><span></span><span class=\"p-nb p-nb-Type\">int</span><span "
            "class=\"p-p\">(</span><span class=\"p-nb p-nb-Type\">x</span>\n</pre></div>\n");
  EXPECT_EQ(FormatHtml({{TokenType::kNameBuiltinType, "int"}, {TokenType::kText, "\n"}},
                       {{"noclasses", true}, {"style", "friendly"}}),
            "<div class=\"highlight\" style=\"background: #f0f0f0\"><pre style=\"line-height: 125%;\"><span>"
            "</span><span style=\"color: #007020\">int</span>\n</pre></div>\n");
}

TEST(HighlightHtml, ConsoleVirtualEnvPrompt) {
  EXPECT_EQ(Highlight("(venv) $ ls -l\nout\n", "console"),
            "<div class=\"highlight\"><pre><span></span><span class=\"gp gp-VirtualEnv\">(venv)</span> <span "
            "class=\"gp\">$ </span>ls<span class=\"w\"> </span>-l\n<span class=\"go\">out</span>\n</pre></div>\n");
}

// Pygments matches per character: an unmatched "€" is one Error token, and
// the rule below (which matches U+0080..U+00FF) must not get a chance at
// the middle of its UTF-8 bytes. Expected tokens from an equivalent
// Pygments RegexLexer.
TEST(HighlightRuleLexer, UnmatchedCharacterIsOneErrorToken) {
  RuleLexer lexer({{"root",
                    {{"[a-z]+", {TokenType::kName}, ""},
                     {R"(\s+)", {TokenType::kTextWhitespace}, ""},
                     {R"(.?[\x80-\xff])", {TokenType::kString}, ""}}}});
  std::vector<Token> tokens;
  lexer.Lex("a \xE2\x82\xAC\n", &tokens);
  std::string got;
  for (const Token& t : tokens) got += std::string(TokenTypeName(t.type)) + "|" + std::string(t.text) + ";";
  EXPECT_EQ(got, "Name|a;Text.Whitespace| ;Error|\xE2\x82\xAC;Text.Whitespace|\n;");
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
