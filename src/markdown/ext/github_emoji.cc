// The reference blog's GitHub emoji extension: `:name:` short codes become
// <div class="ghe_emoji"><img class="ghe_emoji" alt title src></div>, using
// GitHub's name -> image URL table (data/github-emojis.json, embedded at build
// time). Names missing from the table stay as they were written. With
// `unicode: true` the emoji's characters are written instead of the image
// for every name whose URL spells code points (".../unicode/1f1e6-1f1eb.png").
//
// The short codes are matched as a legacy Python-Markdown `Pattern`, at the
// extension's priority 100 (right after the line-break pattern).
#include <unordered_map>

#include "base/base.h"
#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

constexpr std::string_view kEmbeddedEmojiJson =
#include "github_emojis.inc"
    ;

using EmojiTable = std::unordered_map<std::string, std::string>;

const EmojiTable& BuiltinTable() {
  static const EmojiTable table = [] {
    EmojiTable t;
    nlohmann::json j = nlohmann::json::parse(kEmbeddedEmojiJson);
    for (auto it = j.begin(); it != j.end(); ++it) t.emplace(it.key(), it.value().get<std::string>());
    return t;
  }();
  return table;
}

// The characters a GitHub emoji URL names, e.g. ".../unicode/1f44d.png?v8"
// -> U+1F44D; empty when the URL is not of that form.
std::string UnicodeFromUrl(std::string_view url) {
  static const Regex kUnicodeUrl(R"(/unicode/([0-9a-fA-F]+(?:-[0-9a-fA-F]+)*)\.png(?:\?.*)?$)");
  auto m = kUnicodeUrl.Search(url);
  if (!m) return "";
  std::string out;
  for (const std::string& hex : Split(m->Group(1), '-')) {
    unsigned long cp = std::stoul(hex, nullptr, 16);
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return "";
    AppendUtf8(out, static_cast<char32_t>(cp));
  }
  return out;
}

// A short code can neither contain nor run into a placeholder's STX, so the
// pattern is applied in a single pass (see SinglePassLegacyPattern).
class EmojiPattern : public SinglePassLegacyPattern {
 public:
  EmojiPattern(Markdown* md, const EmojiTable* table, bool unicode)
      : SinglePassLegacyPattern(kEmojiShortCodeRe, md),
        table_(table),
        unicode_(unicode) {}

  // Groups of the wrapped pattern: 1 = text before, 2 = ':', 3 = name, 4 = text after.
  InlineResult HandleMatch(const Match& m, std::string_view) override { return Replace(m.Group(3)); }
  // Groups of the bare pattern: 1 = ':', 2 = name.
  InlineResult HandleBareMatch(const Match& m) override { return Replace(m.Group(2)); }

 private:
  InlineResult Replace(std::string_view short_name) const {
    std::string name(short_name);
    auto it = table_->find(name);
    if (it == table_->end()) return InlineResult::Text(":" + name + ":", 0, 0);
    if (unicode_) {
      std::string chars = UnicodeFromUrl(it->second);
      if (!chars.empty()) return InlineResult::Text(std::move(chars), 0, 0);
    }
    ElementPtr div = MakeElement("div");
    div->Set("class", "ghe_emoji");
    Element* img = div->SubElement("img");
    img->attrib.reserve(4);
    img->Set("class", "ghe_emoji");
    img->Set("src", it->second);
    img->Set("title", name);
    img->Set("alt", name);
    return InlineResult::Node(std::move(div), 0, 0);
  }

  const EmojiTable* table_;
  bool unicode_;
};

class GithubEmojiExtension : public Extension {
 public:
  GithubEmojiExtension(EmojiTable custom, bool use_custom, bool unicode)
      : custom_(std::move(custom)), use_custom_(use_custom), unicode_(unicode) {}
  void ExtendMarkdown(Markdown& md) override {
    const EmojiTable* table = use_custom_ ? &custom_ : &BuiltinTable();
    md.inline_patterns.Register(std::make_unique<EmojiPattern>(&md, table, unicode_), "emoji",
                                100);
  }

 private:
  EmojiTable custom_;
  bool use_custom_;
  bool unicode_;
};

}  // namespace

// Settings: `unicode` (bool), and `emoji` (an object name -> URL that
// replaces the built-in table, as the original extension's `emoji` setting).
std::unique_ptr<Extension> MakeGithubEmojiExtension(const nlohmann::json& config) {
  bool unicode = false, use_custom = false;
  EmojiTable custom;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      const nlohmann::json& v = it.value();
      if (it.key() == "unicode") {
        bool ok = true;
        if (v.is_boolean()) unicode = v.get<bool>();
        else if (v.is_string()) unicode = ParseBoolValue(v.get<std::string>(), &ok);
        else ok = false;
        if (!ok) return nullptr;
      } else if (it.key() == "emoji" && v.is_object()) {
        use_custom = true;
        for (auto e = v.begin(); e != v.end(); ++e) {
          if (!e.value().is_string()) return nullptr;
          custom.emplace(e.key(), e.value().get<std::string>());
        }
      } else {
        return nullptr;
      }
    }
  }
  return std::make_unique<GithubEmojiExtension>(std::move(custom), use_custom, unicode);
}

}  // namespace stacks::markdown
