// The wikilinks extension (Python-Markdown 3.4.1): [[Page Name]] becomes a
// link to base_url + Page_Name + end_url. With the meta extension, the
// document's wiki_base_url, wiki_end_url and wiki_html_class override the
// configuration.
#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

struct WikiLinksConfig {
  std::string base_url = "/";
  std::string end_url = "/";
  std::string html_class = "wikilink";
};

// Python `build_url`: runs of spaces (with an adjacent underscore) become one underscore.
std::string BuildUrl(std::string_view label, const std::string& base, const std::string& end) {
  static const Regex kClean("([ ]+_)|(_[ ]+)|([ ]+)");
  return base + kClean.Sub(label, [](const Match&) { return std::string("_"); }) + end;
}

class WikiLinksInlineProcessor : public InlinePattern {
 public:
  WikiLinksInlineProcessor(Markdown* md, WikiLinksConfig config)
      : InlinePattern(R"(\[\[([\w0-9_ -]+)\]\])", md), config_(std::move(config)) {}

  InlineResult HandleMatch(const Match& m, std::string_view) override {
    std::string label(PyStrip(m.Group(1)));
    if (label.empty()) return InlineResult::Text("", m.Start(), m.End());
    WikiLinksConfig meta = WithMeta();
    ElementPtr a = MakeElement("a");
    a->text = label;
    a->Set("href", BuildUrl(label, meta.base_url, meta.end_url));
    if (!meta.html_class.empty()) a->Set("class", meta.html_class);
    return InlineResult::Node(std::move(a), m.Start(), m.End());
  }

 private:
  // Python `_getMeta`.
  WikiLinksConfig WithMeta() const {
    WikiLinksConfig out = config_;
    if (!md_->HasExtension("meta") || !md_->result) return out;
    for (const auto& [key, values] : md_->result->meta) {
      if (values.empty()) continue;
      if (key == "wiki_base_url") out.base_url = values[0];
      else if (key == "wiki_end_url") out.end_url = values[0];
      else if (key == "wiki_html_class") out.html_class = values[0];
    }
    return out;
  }
  WikiLinksConfig config_;
};

class WikiLinkExtension : public Extension {
 public:
  explicit WikiLinkExtension(WikiLinksConfig config) : config_(std::move(config)) {}
  void ExtendMarkdown(Markdown& md) override {
    md.inline_patterns.Register(std::make_unique<WikiLinksInlineProcessor>(&md, config_),
                                "wikilink", 75);
  }

 private:
  WikiLinksConfig config_;
};

}  // namespace

std::unique_ptr<Extension> MakeWikilinksExtension(const nlohmann::json& config) {
  WikiLinksConfig c;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      std::string* target = it.key() == "base_url"     ? &c.base_url
                            : it.key() == "end_url"    ? &c.end_url
                            : it.key() == "html_class" ? &c.html_class
                                                       : nullptr;
      if (!target || !it.value().is_string()) return nullptr;
      *target = it.value().get<std::string>();
    }
  }
  return std::make_unique<WikiLinkExtension>(std::move(c));
}

}  // namespace stacks::markdown
