// The smarty extension (Python-Markdown 3.4.1): ASCII dashes, quotes,
// ellipses and angled quotes become typographic entities. Its patterns run
// in a second inline treeprocessor (`smarty`, after `inline`), each one
// replacing its match with stashed raw HTML entities.
#include <map>

#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

// Python's regex fragments, as in smarty.py.
constexpr std::string_view kPunctClass = R"([!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~])";
constexpr std::string_view kCloseClass = "[^\\ \\t\\r\\n\\[\\{\\(\\-\\x02\\x03]";
constexpr std::string_view kOpeningQuotesBase =
    "(\\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

struct SmartyConfig {
  bool smart_quotes = true;
  bool smart_angled_quotes = false;
  bool smart_dashes = true;
  bool smart_ellipses = true;
  std::map<std::string, std::string> substitutions = {
      {"mdash", "&mdash;"},
      {"ndash", "&ndash;"},
      {"ellipsis", "&hellip;"},
      {"left-angle-quote", "&laquo;"},
      {"right-angle-quote", "&raquo;"},
      {"left-single-quote", "&lsquo;"},
      {"right-single-quote", "&rsquo;"},
      {"left-double-quote", "&ldquo;"},
      {"right-double-quote", "&rdquo;"},
  };
};

// One part of a replacement: a group of the match, or raw HTML to stash.
struct Part {
  int group = -1;
  std::string html;
};

// Python `SubstituteTextPattern`: the match becomes its parts in order,
// groups copied and HTML stashed.
class SubstituteTextPattern : public HtmlInlineProcessor {
 public:
  SubstituteTextPattern(std::string_view pattern, std::vector<Part> replace, Markdown* md)
      : HtmlInlineProcessor(pattern, md), replace_(std::move(replace)) {}

  InlineResult HandleMatch(const Match& m, std::string_view) override {
    std::string result;
    for (const Part& part : replace_) {
      if (part.group >= 0) result.append(m.Group(part.group));
      else result += md_->html_stash.Store(part.html);
    }
    return InlineResult::Text(std::move(result), m.Start(), m.End());
  }

 private:
  std::vector<Part> replace_;
};

Part Html(std::string html) { return {-1, std::move(html)}; }
Part Group(int g) { return {g, ""}; }

class SmartyExtension : public Extension {
 public:
  explicit SmartyExtension(SmartyConfig config) : config_(std::move(config)) {}

  void ExtendMarkdown(Markdown& md) override {
    if (config_.smart_ellipses) EducateEllipses(md);
    if (config_.smart_quotes) EducateQuotes(md);
    if (config_.smart_angled_quotes) {
      EducateAngledQuotes(md);
      // Tags with doubled closing brackets are left to the quotes.
      md.inline_patterns.Register(
          std::make_unique<HtmlInlineProcessor>(std::string(kHtmlRe) + R"((?!\>))", &md), "html",
          90);
    }
    if (config_.smart_dashes) EducateDashes(md);
    md.treeprocessors.Register(std::make_unique<InlineTreeprocessor>(&md, &patterns_), "smarty", 2);
    md.escaped_chars.push_back('"');
    md.escaped_chars.push_back('\'');
  }

 private:
  const std::string& Sub(const char* name) { return config_.substitutions[name]; }

  void Add(Markdown& md, std::string_view re, std::vector<Part> parts, std::string name,
           double priority) {
    patterns_.Register(std::make_unique<SubstituteTextPattern>(re, std::move(parts), &md),
                       std::move(name), priority);
  }

  void EducateDashes(Markdown& md) {
    Add(md, "(?<!-)---(?!-)", {Html(Sub("mdash"))}, "smarty-em-dashes", 50);
    Add(md, "(?<!-)--(?!-)", {Html(Sub("ndash"))}, "smarty-en-dashes", 45);
  }

  void EducateEllipses(Markdown& md) {
    Add(md, R"((?<!\.)\.{3}(?!\.))", {Html(Sub("ellipsis"))}, "smarty-ellipses", 10);
  }

  void EducateAngledQuotes(Markdown& md) {
    Add(md, R"(\<\<)", {Html(Sub("left-angle-quote"))}, "smarty-left-angle-quotes", 40);
    Add(md, R"(\>\>)", {Html(Sub("right-angle-quote"))}, "smarty-right-angle-quotes", 35);
  }

  // The quote rules in Python's order, registered from priority 30 down.
  void EducateQuotes(Markdown& md) {
    std::string lsquo = Sub("left-single-quote"), rsquo = Sub("right-single-quote");
    std::string ldquo = Sub("left-double-quote"), rdquo = Sub("right-double-quote");
    std::string close(kCloseClass), base(kOpeningQuotesBase), punct(kPunctClass);
    std::vector<std::pair<std::string, std::vector<Part>>> rules = {
        {Cat({"^'(?=", punct, "\\B)"}), {Html(rsquo)}},
        {Cat({"^\"(?=", punct, "\\B)"}), {Html(rdquo)}},
        {R"("'(?=\w))", {Html(ldquo + lsquo)}},
        {R"('"(?=\w))", {Html(lsquo + ldquo)}},
        {R"((?<!\w)'(?=\d{2}s))", {Html(rsquo)}},
        {Cat({base, R"('(?=\w))"}), {Group(1), Html(lsquo)}},
        {Cat({"(?<=", close, R"()'(?!\s|s\b|\d))"}), {Html(rsquo)}},
        {Cat({"(?<=", close, R"()'(\s|s\b))"}), {Html(rsquo), Group(1)}},
        {"'", {Html(lsquo)}},
        {Cat({base, R"("(?=\w))"}), {Group(1), Html(ldquo)}},
        {R"("(?=\s))", {Html(rdquo)}},
        {Cat({"(?<=", close, ")\""}), {Html(rdquo)}},
        {"\"", {Html(ldquo)}},
    };
    for (size_t i = 0; i < rules.size(); ++i)
      Add(md, rules[i].first, std::move(rules[i].second), "smarty-quotes-" + std::to_string(i),
          30.0 - static_cast<double>(i));
  }

  SmartyConfig config_;
  Registry<InlinePattern> patterns_;
};

// Python's parseBoolValue for a configuration value of any JSON type.
bool ReadBool(const nlohmann::json& v, bool* ok) {
  *ok = true;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_null()) return false;
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return ParseBoolValue(v.get<std::string>(), ok);
  *ok = false;
  return false;
}

}  // namespace

std::unique_ptr<Extension> MakeSmartyExtension(const nlohmann::json& config) {
  SmartyConfig c;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      const std::string& key = it.key();
      bool ok = true;
      if (key == "smart_quotes") c.smart_quotes = ReadBool(it.value(), &ok);
      else if (key == "smart_angled_quotes") c.smart_angled_quotes = ReadBool(it.value(), &ok);
      else if (key == "smart_dashes") c.smart_dashes = ReadBool(it.value(), &ok);
      else if (key == "smart_ellipses") c.smart_ellipses = ReadBool(it.value(), &ok);
      else if (key == "substitutions" && it.value().is_object()) {
        for (auto s = it.value().begin(); s != it.value().end(); ++s) {
          if (!s.value().is_string()) return nullptr;
          c.substitutions[s.key()] = s.value().get<std::string>();
        }
      } else {
        ok = false;
      }
      if (!ok) return nullptr;
    }
  }
  return std::make_unique<SmartyExtension>(std::move(c));
}

}  // namespace stacks::markdown
