// The meta extension (Python-Markdown 3.4.1): a header of `Key: value` lines
// (continued by lines indented four spaces, optionally between `---` and
// `---`/`...` fences) is removed from the document and returned in
// Result::meta with lower-cased keys.
#include "markdown/core.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

class MetaPreprocessor : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;

  // Python `MetaPreprocessor.run`: reads lines until a blank line or an end
  // fence (both consumed) or a line that is neither `key: value` nor a
  // continuation (kept).
  std::vector<std::string> Run(std::vector<std::string> lines) override {
    static const Regex kMeta(R"(^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*))");
    static const Regex kMetaMore(R"(^[ ]{4,}(?P<value>.*))");
    static const Regex kBegin(R"(^-{3}(\s.*)?)");
    static const Regex kEnd(R"(^(-{3}|\.{3})(\s.*)?)");
    std::vector<std::pair<std::string, std::vector<std::string>>> meta;
    std::string key;
    size_t i = 0;
    if (!lines.empty() && kBegin.MatchAt(lines[0])) ++i;
    while (i < lines.size()) {
      const std::string& line = lines[i++];
      auto m1 = kMeta.MatchAt(line);
      if (PyStrip(line).empty() || kEnd.MatchAt(line)) break;
      if (m1) {
        key = std::string(PyStrip(PyLower(m1->Group("key"))));
        Values(meta, key).push_back(std::string(PyStrip(m1->Group("value"))));
        continue;
      }
      auto m2 = kMetaMore.MatchAt(line);
      if (m2 && !key.empty()) {
        Values(meta, key).push_back(std::string(PyStrip(m2->Group("value"))));
      } else {
        --i;
        break;
      }
    }
    lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(i));
    if (md_->result) md_->result->meta = std::move(meta);
    return lines;
  }

 private:
  static std::vector<std::string>& Values(std::vector<std::pair<std::string, std::vector<std::string>>>& meta,
                                          const std::string& key) {
    for (auto& [k, v] : meta)
      if (k == key) return v;
    meta.emplace_back(key, std::vector<std::string>());
    return meta.back().second;
  }
};

class MetaExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.RegisterExtension(this);
    md.preprocessors.Register(std::make_unique<MetaPreprocessor>(&md), "meta", 27);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeMetaExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<MetaExtension>();
}

}  // namespace stacks::markdown
