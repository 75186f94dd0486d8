// The admonition extension (Python-Markdown 3.4.1): `!!! type "title"`
// followed by indented content becomes
// <div class="admonition type"><p class="admonition-title">title</p>...</div>;
// later indented blocks continue the admonition, also from inside lists.
#include "markdown/blockprocessors.h"
#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

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
      if (!first.empty() && first[0] >= 'a' && first[0] <= 'z') first[0] = static_cast<char>(first[0] - 'a' + 'A');
      title = first;
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
