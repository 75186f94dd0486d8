// The meta extension (Python-Markdown 3.4.1): a header of `Key: value` lines
// (continued by lines indented four spaces, optionally between `---` and
// `---`/`...` fences) is removed from the document and returned in
// Result::meta with lower-cased keys.
#include <optional>

#include "markdown/core.h"

namespace stacks::markdown {

namespace {

class MetaPreprocessor : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;

  // Python `MetaPreprocessor.run`: reads lines until a blank line or an end
  // fence (both consumed) or a line that is neither `key: value` nor a
  // continuation (kept). The consumed lines are cut from the front of the
  // joined text (see Preprocessor::RunText).
  void RunText(std::string& text) override {
    std::vector<std::pair<std::string, std::vector<std::string>>> meta;
    std::string key;
    const std::string_view all(text);
    size_t next = 0;  // start of the next unread line; npos past the last one
    auto line_at = [&](size_t start) {
      size_t end = all.find('\n', start);
      return all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    };
    auto after = [&](size_t start, std::string_view line) {
      size_t end = start + line.size();
      return end < all.size() ? end + 1 : std::string_view::npos;
    };
    if (line_at(0).starts_with("---")) next = after(0, line_at(0));  // META_BEGIN_RE `^-{3}(\s.*)?`
    while (next != std::string_view::npos) {
      const size_t start = next;
      const std::string_view line = line_at(start);
      next = after(start, line);
      if (PyStrip(line).empty() || IsEndFence(line)) break;
      if (auto field = KeyLine(line)) {
        key = AsciiLowerCopy(field->first);
        Values(meta, key).push_back(std::string(PyStrip(field->second)));
        continue;
      }
      if (line.starts_with("    ") && !key.empty()) {  // META_MORE_RE `^[ ]{4,}(?P<value>.*)`
        Values(meta, key).push_back(std::string(PyStrip(line)));
      } else {
        next = start;
        break;
      }
    }
    if (next == std::string_view::npos) text.clear();
    else text.erase(0, next);
    if (md_->result) md_->result->meta = std::move(meta);
  }

 private:
  // META_END_RE `^(-{3}|\.{3})(\s.*)?`: the optional tail always matches.
  static bool IsEndFence(std::string_view line) {
    return line.starts_with("---") || line.starts_with("...");
  }

  // META_RE `^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)` on one line:
  // the key and the text after the colon. The value is only used stripped,
  // and Python's strip removes whatever `\s*` would have skipped.
  static std::optional<std::pair<std::string_view, std::string_view>> KeyLine(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    size_t key_start = i;
    while (i < line.size() && IsKeyChar(line[i])) ++i;
    if (i == key_start || i >= line.size() || line[i] != ':') return std::nullopt;
    return std::pair{line.substr(key_start, i - key_start), line.substr(i + 1)};
  }
  static bool IsKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  }
  static std::string AsciiLowerCopy(std::string_view s) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
  }

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
