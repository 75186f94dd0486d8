// The admonition extension (Python-Markdown 3.4.1): `!!! type "title"`
// followed by indented content becomes
// <div class="admonition type"><p class="admonition-title">title</p>...</div>;
// later indented blocks continue the admonition, also from inside lists.
#include "markdown/blockprocessors.h"
#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

// Python `str.capitalize()` of an already lower-cased word: the first letter
// upper-cased (ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, the
// letters PyLower lowers).
std::string UpperFirst(const std::string& word) {
  if (word.empty()) return word;
  unsigned char c0 = static_cast<unsigned char>(word[0]);
  if (c0 < 0x80) {
    std::string out = word;
    if (c0 >= 'a' && c0 <= 'z') out[0] = static_cast<char>(c0 - 32);
    return out;
  }
  size_t len = (c0 >> 5) == 0x6 ? 2 : 1;
  if (len != 2 || word.size() < 2) return word;
  char32_t cp = (static_cast<char32_t>(c0 & 0x1F) << 6) | (static_cast<unsigned char>(word[1]) & 0x3F);
  if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) cp -= 0x20;
  else if (cp == 0xFF) cp = 0x178;
  else if ((cp >= 0x101 && cp <= 0x137 && cp % 2 == 1) || (cp >= 0x14B && cp <= 0x177 && cp % 2 == 1)) cp -= 1;
  else if ((cp >= 0x13A && cp <= 0x148 && cp % 2 == 0) || (cp >= 0x17A && cp <= 0x17E && cp % 2 == 0)) cp -= 1;
  else if (cp >= 0x3B1 && cp <= 0x3CB && cp != 0x3C2) cp -= 0x20;
  else if (cp >= 0x430 && cp <= 0x44F) cp -= 0x20;
  else if (cp >= 0x450 && cp <= 0x45F) cp -= 0x50;
  else return word;
  std::string out;
  if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out + word.substr(2);
}

// Python's truth value of an element: whether it has children.
bool Truthy(const Element* el) { return el != nullptr && !el->empty(); }

class AdmonitionProcessor : public BlockProcessor {
 public:
  explicit AdmonitionProcessor(BlockParser* parser)
      : BlockProcessor(parser),
        re_(R"re((?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$))re"),
        re_spaces_("  +") {}

  bool Test(Element* parent, const std::string& block) override {
    if (re_.Search(block)) return true;
    parser_->Reach(4);  // test -> parse_content -> lastChild or detab -> a builtin
    return ParseContent(parent, block).sibling != nullptr;
  }

  bool Run(Element* parent, std::deque<std::string>& blocks) override {
    std::string block = std::move(blocks.front());
    blocks.pop_front();
    auto m = re_.Search(block);
    std::string the_rest;
    Element* sibling = nullptr;
    std::string klass;
    std::optional<std::string> title;
    if (m) {
      std::tie(klass, title) = ClassAndTitle(*m);
      if (m->Start() > 0) parser_->ParseBlock(parent, block.substr(0, m->Start()));
      std::tie(block, the_rest) = Detab(std::string_view(block).substr(m->End()));
    } else {
      Content content = ParseContent(parent, block);
      sibling = content.sibling;
      block = std::move(content.block);
      the_rest = std::move(content.rest);
    }
    Element* div;
    if (m) {
      div = parent->SubElement("div");
      div->Set("class", "admonition " + klass);
      if (title && !title->empty()) {
        Element* p = div->SubElement("p");
        p->text = *title;
        p->Set("class", "admonition-title");
      }
    } else {
      if ((HasTag(sibling, "li") || HasTag(sibling, "dd")) && sibling->text &&
          !sibling->text->empty()) {
        std::string text = *sibling->text;
        sibling->text = "";
        sibling->SubElement("p")->text = std::move(text);
      }
      div = sibling;
    }
    parser_->ParseChunk(div, block);
    if (!the_rest.empty()) blocks.push_front(std::move(the_rest));
    return true;
  }

 private:
  struct Content {
    Element* sibling = nullptr;
    std::string block;
    std::string rest;
  };

  // Python `parse_content`: finds the admonition an indented block belongs
  // to (descending into trailing lists one tab of indent at a time) and
  // detabs the block by the indent found. The result of a successful Test
  // is remembered for the Run that follows.
  Content ParseContent(Element* parent, const std::string& block) {
    Content out;
    out.block = block;
    if (current_sibling_ != nullptr) {
      out.sibling = current_sibling_;
      std::tie(out.block, out.rest) = Detab(block, content_indent_);
      current_sibling_ = nullptr;
      content_indent_ = 0;
      return out;
    }
    Element* sibling = LastChild(parent);
    if (sibling == nullptr || sibling->GetOr("class").find("admonition") == std::string::npos) {
      return out;
    }
    const std::string indent(static_cast<size_t>(tab_length_), ' ');
    const std::string double_indent(static_cast<size_t>(tab_length_ * 2), ' ');
    std::string_view rest = block;
    Element* last_child = LastChild(sibling);
    int depth = 0;
    while (Truthy(last_child)) {
      if (Truthy(sibling) && rest.substr(0, double_indent.size()) == double_indent &&
          (HasTag(last_child, "ul") || HasTag(last_child, "ol") || HasTag(last_child, "dl"))) {
        sibling = LastChild(last_child);
        last_child = Truthy(sibling) ? LastChild(sibling) : nullptr;
        rest.remove_prefix(static_cast<size_t>(tab_length_));
        depth += tab_length_;
      } else {
        last_child = nullptr;
      }
    }
    if (rest.substr(0, indent.size()) != indent) sibling = nullptr;
    if (sibling != nullptr) {
      depth += tab_length_;
      std::tie(out.block, out.rest) = Detab(block, depth);
      current_sibling_ = sibling;
      content_indent_ = depth;
    } else {
      out.block = std::string(rest);
    }
    out.sibling = sibling;
    return out;
  }

  // The lower-cased type words (runs of spaces collapsed) and the title: the
  // quoted one, none for "", else the first type word capitalized.
  std::pair<std::string, std::optional<std::string>> ClassAndTitle(const Match& m) const {
    std::string klass = re_spaces_.SubTemplate(PyLower(m.Group(1)), " ");
    std::optional<std::string> title;
    if (!m.Has(2)) {
      std::string first = klass.substr(0, klass.find(' '));
      title = UpperFirst(first);
    } else if (!m.Group(2).empty()) {
      title = std::string(m.Group(2));
    }
    return {klass, title};
  }

  Regex re_;
  Regex re_spaces_;
  Element* current_sibling_ = nullptr;
  int content_indent_ = 0;
};

class AdmonitionExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.RegisterExtension(this);
    BlockParser* parser = md.parser.get();
    parser->blockprocessors.Register(std::make_unique<AdmonitionProcessor>(parser), "admonition",
                                     105);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeAdmonitionExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<AdmonitionExtension>();
}

}  // namespace stacks::markdown
