// The abbr extension (Python-Markdown 3.4.1): a block line `*[HTML]: Hyper
// Text Markup Language` defines an abbreviation; every later whole-word
// occurrence of `HTML` in the text becomes <abbr title="...">HTML</abbr>.
#include "markdown/blockprocessors.h"
#include "markdown/core.h"
#include "markdown/inlinepatterns.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

// Length in bytes of the UTF-8 sequence starting with `lead`.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

class AbbrInlineProcessor : public InlinePattern {
 public:
  AbbrInlineProcessor(const std::string& pattern, std::string title, Markdown* md)
      : InlinePattern(pattern, md), title_(std::move(title)) {}

  InlineResult HandleMatch(const Match& m, std::string_view) override {
    ElementPtr abbr = MakeElement("abbr");
    abbr->text = std::string(m.Group("abbr"));
    abbr->text_atomic = true;
    abbr->Set("title", title_);
    return InlineResult::Node(std::move(abbr), m.Start(0), m.End(0));
  }

 private:
  std::string title_;
};

class AbbrBlockProcessor : public BlockProcessor {
 public:
  explicit AbbrBlockProcessor(BlockParser* parser)
      : BlockProcessor(parser),
        re_(R"(^[*]\[(?P<abbr>[^\]]*)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$)", Regex::kMultiline) {}

  bool Test(Element*, const std::string&) override { return true; }
  bool DeclinesLineSuffixes() const override { return true; }

  // Registers the first definition of the block as an inline pattern and puts
  // the text after and before it back as separate blocks.
  bool Run(Element*, std::deque<std::string>& blocks) override {
    // Every definition holds "*["; most blocks are declined unsearched and uncopied.
    if (blocks.front().find("*[") == std::string::npos || !re_.Search(blocks.front())) return false;
    const std::string block = blocks.front();
    auto m = re_.Search(block);
    blocks.pop_front();
    std::string abbr(PyStrip(m->Group("abbr")));
    std::string title(PyStrip(m->Group("title")));
    Markdown* md = parser_->md;
    if (std::optional<std::string> pattern = GeneratePattern(abbr)) {
      md->inline_patterns.Register(std::make_unique<AbbrInlineProcessor>(*pattern, title, md),
                                   "abbr-" + abbr, 2);
    }
    std::string_view after = std::string_view(block).substr(m->End());
    std::string_view before = std::string_view(block).substr(0, m->Start());
    if (!IsBlank(after)) blocks.emplace_front(PyLStripChars(after, "\n"));
    if (!IsBlank(before)) blocks.emplace_front(PyRStripChars(before, "\n"));
    return true;
  }

 private:
  // Python `_generate_pattern`: each character as a one-character class
  // between word boundaries. Skipped (nullopt) where Python breaks: an empty
  // abbreviation matches everywhere and hangs its inline loop, a backslash
  // or a final `^` can make the pattern invalid.
  static std::optional<std::string> GeneratePattern(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (text.find('\\') != std::string_view::npos) return std::nullopt;
    if (!text.empty() && text.back() == '^') return std::nullopt;
    std::string pattern = R"((?P<abbr>\b)";
    for (size_t i = 0; i < text.size();) {
      size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
      pattern += "[";
      pattern += text.substr(i, n);
      pattern += "]";
      i += n;
    }
    pattern += R"(\b))";
    return pattern;
  }

  Regex re_;
};

class AbbrExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    BlockParser* parser = md.parser.get();
    parser->blockprocessors.Register(std::make_unique<AbbrBlockProcessor>(parser), "abbr", 16);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeAbbrExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<AbbrExtension>();
}

}  // namespace stacks::markdown
