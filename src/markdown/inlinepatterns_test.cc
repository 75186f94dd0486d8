// Tests of the inline layer: the core inline patterns, the `inline`
// treeprocessor (placeholders, tails, atomic text, ancestors, legacy
// patterns) and the inline extensions. Every expected output was produced by
// Python-Markdown 3.4.1 (the emoji ones by tests/markdown/oracle/gh_emoji.py).
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "markdown/core.h"
#include "markdown/inline_processors.h"
#include "markdown/markdown.h"

namespace stacks::markdown {
namespace {

struct Case {
  const char* name;
  const char* markdown;
  const char* html;
};

const Case kCoreCases[] = {
  {"EmphasisAndStrong", "***strong em*** and ***em* strong** and **strong *em***",
   "<p><strong><em>strong em</em></strong> and <strong><em>em</em> strong</strong> and <strong>strong <em>em</em></strong></p>"},
  {"UnderscoreRules", "___a___ __b__ _c_ __strong _em__ ___strong__ em_ snake_case_word",
   "<p><strong><em>a</em></strong> <strong>b</strong> <em>c</em> <strong>strong _em</strong> <em><strong>strong</strong> em</em> snake_case_word</p>"},
  {"NestedEmphasis", "*a **b** c* **a *b* c** *a*b*c* **a *b** c*",
   "<p><em>a </em><em>b</em><em> c</em> <strong>a <em>b</em> c</strong> <em>a</em>b<em>c</em> <strong>a *b</strong> c*</p>"},
  {"NotStrong", "* not em * and a * b * c _ d _",
   "<ul>\n<li>not em * and a * b * c _ d _</li>\n</ul>"},
  {"BackticksOfEveryLength", "`` code with ` tick `` and ```x``` and `a\\`b` and \\\\`x` and ` `` `",
   "<p><code>code with ` tick</code> and <code>x</code> and <code>a\\</code>b<code>and \\\\</code>x<code>and</code> <code>`</code></p>"},
  {"EscapedBackticks", "\\\\\\`not code` `unclosed \\\\\\\\`code`",
   "<p>\\`not code<code></code>unclosed \\\\<code>code</code></p>"},
  {"LinkNestedBracketsAndParens", "[a [nested] b](http://x.com/(a)b \"title\") [t](<u v> 'ti\"tle')",
   "<p><a href=\"http://x.com/(a)b\" title=\"title\">a [nested] b</a> <a href=\"u v\" title=\"ti&quot;tle\">t</a></p>"},
  {"LinkTitles", "[link](url \"title (with) parens\") [link](url 'single') [x](y \"unclosed)",
   "<p><a href=\"url\" title=\"title (with) parens\">link</a> <a href=\"url\" title=\"single\">link</a> <a href=\"y &quot;unclosed\">x</a></p>"},
  {"LinkUnclosedTitleBacktrack", "[a](b \"c(d) [e](f'g\"h) [x](y(z)",
   "<p><a href=\"b &quot;c(d) [e](f'g&quot;h) [x](y(\">a</a>)</p>"},
  {"LinkUnresolvedTitle", "[a](b \"c(d",
   "<p><a href=\"b &quot;c\">a</a>d</p>"},
  {"LinkSpacing", "[a](b 'c' )x [a](  b  ) [e]()",
   "<p><a href=\"b\" title=\"c\">a</a>x <a href=\"b\">a</a> <a href=\"\">e</a></p>"},
  {"ImagesAndReferences", "![alt *em*](img.png \"T\") ![a][r] ![r] [x][r] [r] [R][] [x] [y] [r]\n\n[r]: http://r.com \"Ref Title\"",
   "<p><img alt=\"alt *em*\" src=\"img.png\" title=\"T\" /> <img alt=\"a\" src=\"http://r.com\" title=\"Ref Title\" /> <img alt=\"r\" src=\"http://r.com\" title=\"Ref Title\" /> <a href=\"http://r.com\" title=\"Ref Title\">x</a> <a href=\"http://r.com\" title=\"Ref Title\">r</a>[] [x] <a href=\"http://r.com\" title=\"Ref Title\">y</a></p>"},
  {"MultilineReferenceIds", "[multi\nline][r] [a\n b][]\n\n[r]: /u\n[a b]: /ab",
   "<p><a href=\"/u\">multi\nline</a> <a href=\"/ab\">a\n b</a></p>"},
  {"Autolinks", "<http://foo.com/a?b=c&d=e> <https://x> <ftp://y> <mailto:a@b.com> <a@b.c> <Ä@ö.com>",
   "<p><a href=\"http://foo.com/a?b=c&amp;d=e\">http://foo.com/a?b=c&amp;d=e</a> <a href=\"https://x\">https://x</a> <a href=\"ftp://y\">ftp://y</a> <a href=\"&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#97;&#64;&#98;&#46;&#99;&#111;&#109;\">&#97;&#64;&#98;&#46;&#99;&#111;&#109;</a> <a href=\"&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#97;&#64;&#98;&#46;&#99;\">&#97;&#64;&#98;&#46;&#99;</a> <a href=\"&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#196;&#64;&#246;&#46;&#99;&#111;&#109;\">&Auml;&#64;&ouml;&#46;&#99;&#111;&#109;</a></p>"},
  {"InlineHtmlAndComments", "<span class=\"x\">*em*</span> <!-- comment *x* --> <b>x</b> a < b > c",
   "<p><span class=\"x\"><em>em</em></span> <!-- comment *x* --> <b>x</b> a &lt; b &gt; c</p>"},
  {"Entities", "&amp; &copy; &#123; &#x1F; &bogus AT&T",
   "<p>&amp; &copy; &#123; &#x1F; &amp;bogus AT&amp;T</p>"},
  {"LineBreaksAndEscapes", "line  \nbreak and \\\ttab \\# \\* \\_ \\{ \\\" \\'",
   "<p>line<br />\nbreak and \\ tab # * _ { \\\" \\'</p>"},
  {"CodeInsideLinkText", "[link `code](x)` here](y) *em with `code*` inside*",
   "<p><a href=\"y\">link <code>code](x)</code> here</a> <em>em with <code>code*</code> inside</em></p>"},
  {"PlaceholdersInRawHtml", "<a href=\"\\*\">x</a> and <b title=\"`c`\">",
   "<p><a href=\"\\\x02""42\x03""\">x</a> and <b title=\"<code>c</code>\"></p>"},
  {"PlaceholdersInAutolinks", "<http://a.com/`x`> and <x@`y`.com>",
   "<p><a href=\"http://a.com/x\">http://a.com/<code>x</code></a> and <a href=\"&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#120;&#64;&#121;&#46;&#99;&#111;&#109;\">&#120;&#64;&#121;&#46;&#99;&#111;&#109;</a></p>"},
  {"LinksInsideEmphasis", "**bold [link](http://x \"t\") text** _under [l](u)_",
   "<p><strong>bold <a href=\"http://x\" title=\"t\">link</a> text</strong> <em>under <a href=\"u\">l</a></em></p>"},
  {"Unicode", "Ünïcödé *émph* _ünder_ **strông** `cödé` [lïnk](http://ä.com)",
   "<p>Ünïcödé <em>émph</em> <em>ünder</em> <strong>strông</strong> <code>cödé</code> <a href=\"http://ä.com\">lïnk</a></p>"},
  {"BlockContexts", "> quote *em* text\n> more `code`\n\n* item *a*\n* item __b__\n\n    code *no*\n\n# Head *em* #",
   "<blockquote>\n<p>quote <em>em</em> text\nmore <code>code</code></p>\n</blockquote>\n<ul>\n<li>item <em>a</em></li>\n<li>\n<p>item <strong>b</strong></p>\n<p>code <em>no</em></p>\n</li>\n</ul>\n<h1>Head <em>em</em></h1>"},
  {"ImageInsideLink", "[![img](i.png)](http://link) [![r]][r]\n\n[r]: /x",
   "<p><a href=\"http://link\"><img alt=\"img\" src=\"i.png\" /></a> <a href=\"/x\"><img alt=\"r\" src=\"/x\" /></a></p>"},
  {"IntrawordMarkers", "foo*bar*baz foo_bar_baz foo**bar**baz __init__",
   "<p>foo<em>bar</em>baz foo_bar_baz foo<strong>bar</strong>baz <strong>init</strong></p>"},
};

TEST(InlinePatterns, MatchPythonMarkdown) {
  Options options;
  for (const Case& c : kCoreCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Convert(c.markdown, options).html, c.html);
  }
}

// One converter reused for every document: the stashes start afresh each time.
TEST(InlinePatterns, ConverterReuseKeepsResults) {
  Options options;
  Converter converter(options);
  for (int round = 0; round < 2; ++round)
    for (const Case& c : kCoreCases) {
      SCOPED_TRACE(c.name);
      EXPECT_EQ(converter.Convert(c.markdown).html, c.html);
    }
}

struct ExtCase {
  const char* name;
  std::vector<std::string> extensions;
  const char* config;
  const char* markdown;
  const char* html;
};

const ExtCase kExtensionCases[] = {
  {"Smarty", {"smarty"}, R"json({})json", "He said \"it's the '80s\" -- and --- so... <<x>> 'quoted' \"'a' b\"",
   "<p>He said &ldquo;it&rsquo;s the &rsquo;80s&rdquo; &ndash; and &mdash; so&hellip; &lt;<x>&gt; &lsquo;quoted&rsquo; &ldquo;&lsquo;a&rsquo; b&rdquo;</p>"},
  {"SmartyAngledQuotes", {"smarty"}, R"json({"smarty": {"smart_angled_quotes": true}})json", "<<x>> and <b>y</b> -- 'a' \\\"q\\\"",
   "<p>&laquo;x&raquo; and <b>y</b> &ndash; &lsquo;a&rsquo; \"q\"</p>"},
  {"Nl2br", {"nl2br"}, R"json({})json", "a\nb *c\nd*",
   "<p>a<br />\nb <em>c<br />\nd</em></p>"},
  {"LegacyEm", {"legacy_em"}, R"json({})json", "_connected_words_ and __strong_words__",
   "<p><em>connected</em>words<em> and </em><em>strong</em>words__</p>"},
  {"Wikilinks", {"wikilinks"}, R"json({"wikilinks": {"base_url": "/w/", "end_url": ".html", "html_class": ""}})json", "[[Wiki Link]] [[a _ b]] [[  ]]",
   "<p><a href=\"/w/Wiki_Link.html\">Wiki Link</a> <a href=\"/w/a__b.html\">a _ b</a> </p>"},
};

TEST(InlineExtensions, MatchPythonMarkdown) {
  for (const ExtCase& c : kExtensionCases) {
    SCOPED_TRACE(c.name);
    Options options;
    options.extensions = c.extensions;
    options.extension_configs = nlohmann::json::parse(c.config);
    Result r = Convert(c.markdown, options);
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.html, c.html);
  }
}

struct EmojiCase {
  const char* name;
  bool unicode;
  const char* format;
  const char* markdown;
  const char* html;
};

const EmojiCase kEmojiCases[] = {
  {"EmojiKnownAndUnknown", false, "html5", ":+1: hi :nope: and :shipit: :smile:",
   "<p>\n<div class=\"ghe_emoji\"><img alt=\"+1\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f44d.png?v8\" title=\"+1\"></div> hi :nope: and <div class=\"ghe_emoji\"><img alt=\"shipit\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/shipit.png?v8\" title=\"shipit\"></div>\n<div class=\"ghe_emoji\"><img alt=\"smile\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f604.png?v8\" title=\"smile\"></div>\n</p>"},
  {"EmojiInHeadingAndList", false, "html5", "# :rocket: Title\n\n* item :x: *em :fire: em*",
   "<h1>\n<div class=\"ghe_emoji\"><img alt=\"rocket\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f680.png?v8\" title=\"rocket\"></div> Title</h1>\n<ul>\n<li>item <div class=\"ghe_emoji\"><img alt=\"x\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/274c.png?v8\" title=\"x\"></div>\n<em>em <div class=\"ghe_emoji\"><img alt=\"fire\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f525.png?v8\" title=\"fire\"></div> em</em></li>\n</ul>"},
  {"EmojiXhtml", false, "xhtml", "[link :cloud:](http://x) `:code:` :-1: ::",
   "<p><a href=\"http://x\">link <div class=\"ghe_emoji\"><img alt=\"cloud\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/2601.png?v8\" title=\"cloud\" /></div></a> <code>:code:</code> <div class=\"ghe_emoji\"><img alt=\"-1\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f44e.png?v8\" title=\"-1\" /></div> ::</p>"},
  {"EmojiUnicode", true, "xhtml", ":+1: :afghanistan: :shipit: :nope: :1st_place_medal:",
   "<p>👍 🇦🇫 <div class=\"ghe_emoji\"><img alt=\"shipit\" class=\"ghe_emoji\" src=\"https://github.githubassets.com/images/icons/emoji/shipit.png?v8\" title=\"shipit\" /></div> :nope: 🥇</p>"},
};

TEST(GithubEmoji, MatchesOracle) {
  for (const EmojiCase& c : kEmojiCases) {
    SCOPED_TRACE(c.name);
    Options options;
    options.extensions = {"github_emoji"};
    options.extension_configs = {{"github_emoji", {{"unicode", c.unicode}}}};
    options.output_format = c.format;
    EXPECT_EQ(Convert(c.markdown, options).html, c.html);
  }
}

TEST(GithubEmoji, RejectsUnknownSetting) {
  Options options;
  options.extensions = {"github_emoji"};
  options.extension_configs = {{"github_emoji", {{"colour", "red"}}}};
  EXPECT_FALSE(Convert(":+1:", options).errors.empty());
}

// Legacy `Pattern` classes and ANCESTOR_EXCLUDES, registered the way the
// Python test extension registers them.
class Ins : public SimpleTagInlineProcessor {
 public:
  Ins(Markdown* md) : SimpleTagInlineProcessor(R"((\+\+)(.+?)\+\+)", "ins", md) {
    ancestor_excludes = {"a"};
  }
};

class LegacyTestExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    auto& r = md.inline_patterns;
    r.Register(std::make_unique<SimpleTagPattern>("(~~)(.+?)~~", "del", &md), "del", 65);
    r.Register(std::make_unique<DoubleTagPattern>(R"((\^\^)(.+?)\^\^)", "strong,em", &md), "se", 64);
    r.Register(std::make_unique<SubstituteTagPattern>("(%%)", "hr", &md), "hr", 63);
    r.Register(std::make_unique<SimpleTextPattern>(R"((\$\$))", &md), "dollars", 62);
    r.Register(std::make_unique<Ins>(&md), "ins", 61);
  }
};

const Case kLegacyCases[] = {
  {"LegacySimpleTag", "a ~~b *c*~~ d ~~e~~",
   "<p>a <del>b <em>c</em></del> d <del>e</del></p>"},
  {"LegacyDoubleTag", "x ^^y `z`^^ w",
   "<p>x <strong><em>y <code>z</code></em></strong> w</p>"},
  {"LegacySubstituteAndText", "p %% q $$ r",
   "<p>p <hr /> q $$ r</p>"},
  {"AncestorExcludes", "[x ++y++](u) ++z++ *++w++*",
   "<p><a href=\"u\">x ++y++</a> <ins>z</ins> <em><ins>w</ins></em></p>"},
};

TEST(InlineTreeprocessor, LegacyPatternsAndAncestorExcludes) {
  for (const Case& c : kLegacyCases) {
    SCOPED_TRACE(c.name);
    Options options;
    Markdown md(options);
    LegacyTestExtension ext;
    ext.ExtendMarkdown(md);
    EXPECT_EQ(md.Convert(c.markdown), c.html);
  }
}

TEST(InlineTreeprocessor, AtomicTextIsLeftAlone) {
  Options options;
  Markdown md(options);
  Element root("div");
  Element* p = root.SubElement("p");
  p->text = "*not em*";
  p->text_atomic = true;
  Element* q = root.SubElement("p");
  q->text = "*em*";
  InlineTreeprocessor inline_tp(&md);
  inline_tp.Run(&root);
  EXPECT_EQ(*p->text, "*not em*");
  EXPECT_TRUE(p->empty());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0]->tag, "em");
}

// An element produced by a pattern, with a fixed text.
class MakeTag : public InlinePattern {
 public:
  MakeTag(std::string_view re, std::string tag, std::string text, Markdown* md)
      : InlinePattern(re, md), tag_(std::move(tag)), text_(std::move(text)) {}
  InlineResult HandleMatch(const Match& m, std::string_view) override {
    ElementPtr el = MakeElement(tag_);
    el->text = text_;
    return InlineResult::Node(std::move(el), m.Start(), m.End());
  }

 private:
  std::string tag_, text_;
};

// Python walks children by index, so elements made from a tail (inserted
// next to their element at once) are visited and their text is run through
// every pattern again; elements made from a text are not.
TEST(InlineTreeprocessor, ElementsFromTailsAreWalkedAgain) {
  Options options;
  Markdown md(options);
  md.inline_patterns.Register(std::make_unique<MakeTag>("Z", "b", "z", &md), "z", 200);
  md.inline_patterns.Register(std::make_unique<MakeTag>("Q", "i", "Z", &md), "q", 199);
  Element root("div");
  Element* p = root.SubElement("p");
  p->text = "Q";
  p->tail = "Q t";
  InlineTreeprocessor(&md).Run(&root);
  EXPECT_EQ(SerializeHtml(root, true), "<div><p><i>Z</i></p><i><b>z</b></i> t</div>");
}

TEST(InlinePattern, UnescapeUsesTheInlineStash) {
  Options options;
  Markdown md(options);
  Element root("div");
  root.SubElement("p")->text = "`code` text";
  auto* inline_tp = dynamic_cast<InlineTreeprocessor*>(md.treeprocessors.Get("inline"));
  ASSERT_NE(inline_tp, nullptr);
  inline_tp->Run(&root);
  ASSERT_NE(inline_tp->FindStashed("0000"), nullptr);
  EXPECT_EQ(inline_tp->FindStashed("0"), nullptr);
  SimpleTextInlineProcessor probe("x", &md);
  EXPECT_EQ(probe.Unescape("a \x02klzzwxh:0000\x03 b \x02klzzwxh:9\x03"), "a code b ");
}

// ---- hand matchers against the regexes they stand for ----------------------
//
// The core patterns' hand-written matchers must find what PCRE2 finds with
// the Python regex (the reference here): same match, same groups, at every
// start position of many short random texts over the bytes that matter.

std::string RandomText(std::mt19937& rng, size_t max_len) {
  static const char* const kPieces[] = {"*", "_", "a", " ", "\n", "!", "[", "&", "#", "x", ";", "1",
                                        "\\", "`", "F", "é", "\xe2\x80\x94", "__", "**", "é_", "1;"};
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  std::string s;
  for (size_t n = len(rng); n > 0; --n) s += kPieces[piece(rng)];
  return s;
}

std::string Describe(const std::optional<Match>& m) {
  if (!m) return "none";
  std::string out;
  for (int g = 0; g <= m->GroupCount(); ++g)
    out += m->Has(g) ? "[" + std::to_string(m->Start(g)) + "," + std::to_string(m->End(g)) + ")" : "[unset]";
  return out;
}

// Character-boundary positions of `s` (where a search may start).
std::vector<size_t> Boundaries(std::string_view s) {
  std::vector<size_t> out;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  return out;
}

TEST(HandMatchers, SearchesAgreeWithTheRegexes) {
  const std::string_view kPatterns[] = {kBacktickRe, kLinkRe, kImageLinkRe, kEscapeRe, kEntityRe, kLineBreakRe, R"(\*)", "_"};
  std::mt19937 rng(20261128);
  for (std::string_view re : kPatterns) {
    SimpleTextInlineProcessor pattern(re);
    for (int round = 0; round < 3000; ++round) {
      std::string text = RandomText(rng, 14);
      for (size_t pos : Boundaries(text))
        ASSERT_EQ(Describe(pattern.Search(text, pos)), Describe(pattern.regex().Search(text, pos)))
            << re << " on \"" << text << "\" from " << pos;
    }
  }
}

// The emoji short code matcher, over texts of colons, signs and name bytes.
TEST(HandMatchers, EmojiShortCodeSearchAgreesWithTheRegex) {
  InlinePattern::Finder finder = SinglePassMatcherFor(kEmojiShortCodeRe);
  ASSERT_NE(finder, nullptr);
  const Regex regex(kEmojiShortCodeRe, Regex::kDotAll);
  static const char* const kPieces[] = {":", "::", "+", "-", "a", "Z", "0", "_", " ", "\n", "é", "*", "+1"};
  std::mt19937 rng(2811);
  std::uniform_int_distribution<size_t> len(0, 14);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = len(rng); n > 0; --n) text += kPieces[piece(rng)];
    for (size_t pos : Boundaries(text))
      ASSERT_EQ(Describe(finder(text, pos)), Describe(regex.Search(text, pos))) << "on \"" << text << "\" from " << pos;
  }
  EXPECT_EQ(Describe(finder(":+1: x", 0)), "[0,4)[0,1)[1,3)");
}

TEST(HandMatchers, EmphasisRulesAgreeWithTheRegexes) {
  using B = EmStrongItem::Builder;
  const std::string_view kRules[] = {kEmStrongRe,  kEmStrong2Re,     kStrongEmRe,    kStrongEm2Re,    kStrongEm3Re,
                                     kStrongRe,    kEmphasisRe,      kSmartStrongEmRe, kSmartStrongRe, kSmartEmphasisRe};
  std::mt19937 rng(28112026);
  for (std::string_view re : kRules) {
    EmStrongItem item = AsteriskProcessor::Item(re, B::kSingle, "em");
    ASSERT_NE(item.matcher, nullptr) << re;
    for (int round = 0; round < 6000; ++round) {
      std::string text = RandomText(rng, 16);
      for (size_t pos : Boundaries(text))
        ASSERT_EQ(Describe(item.matcher(text, pos)), Describe(item.pattern->Search(text, pos)))
            << re << " on \"" << text << "\" at " << pos;
    }
  }
}

TEST(Dequote, StripsOnePairOfMatchingQuotes) {
  EXPECT_EQ(Dequote("\"a\""), "a");
  EXPECT_EQ(Dequote("'a'"), "a");
  EXPECT_EQ(Dequote("\"a'"), "\"a'");
  EXPECT_EQ(Dequote("\""), "");
}

}  // namespace
}  // namespace stacks::markdown
