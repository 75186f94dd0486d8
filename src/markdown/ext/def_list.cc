// The def_list extension (Python-Markdown 3.4.1): `term` lines followed by
// `:   definition` lines become <dl><dt>..</dt><dd>..</dd></dl>.
#include "markdown/blockprocessors.h"
#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

class DefListProcessor : public BlockProcessor {
 public:
  explicit DefListProcessor(BlockParser* parser)
      : BlockProcessor(parser), re_(R"((^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$))"),
        no_indent_re_(R"(^[ ]{0,3}[^ :])") {}

  bool Test(Element*, const std::string& block) override {
    return SomeLineStartsWith(block, ':', 3) && re_.Search(block).has_value();
  }
  bool DeclinesLineSuffixes() const override { return true; }

  // The non-blank lines before the first `:` line are terms; the `:` line
  // and the indented lines after it are the definition. Without terms, the
  // preceding paragraph's lines become the terms (a loose definition).
  bool Run(Element* parent, std::deque<std::string>& blocks) override {
    parser_->Reach(2);  // a builtin call below a helper
    const std::string raw_block = blocks.front();
    auto m = re_.Search(raw_block);
    std::vector<std::string> terms;
    for (const std::string& line : SplitOn(std::string_view(raw_block).substr(0, m->Start()), "\n"))
      if (!IsBlank(line)) terms.emplace_back(PyStrip(line));
    std::string block = raw_block.substr(m->End());
    std::string d;
    std::string the_rest;
    if (no_indent_re_.MatchAt(block)) {
      d = block;
    } else {
      std::tie(d, the_rest) = Detab(block);
    }
    d = d.empty() ? std::string(m->Group(2)) : std::string(m->Group(2)) + "\n" + d;

    Element* sibling = LastChild(parent);
    if (terms.empty() && sibling == nullptr) return false;  // block left in place
    blocks.pop_front();
    std::string state = "list";
    if (terms.empty() && HasTag(sibling, "p")) {
      state = "looselist";
      terms = SplitOn(PyFormatOptional(sibling->text), "\n");
      parent->Remove(sibling);
      sibling = LastChild(parent);
    }
    Element* dl;
    if (HasTag(sibling, "dl")) {
      dl = sibling;
      if (terms.empty() && !dl->empty() && HasTag(dl->Last(), "dd") && !dl->Last()->empty())
        state = "looselist";
    } else {
      dl = parent->SubElement("dl");
    }
    for (const std::string& term : terms) dl->SubElement("dt")->text = term;
    parser_->state.Set(state);
    Element* dd = dl->SubElement("dd");
    parser_->ParseBlock(dd, d);
    parser_->state.Reset();
    if (!the_rest.empty()) blocks.push_front(std::move(the_rest));
    return true;
  }

 private:
  Regex re_;
  Regex no_indent_re_;
};

// Indented blocks also continue definitions; a new item here is a <dd>.
class DefListIndentProcessor : public ListIndentProcessor {
 public:
  explicit DefListIndentProcessor(BlockParser* parser) : ListIndentProcessor(parser) {
    item_types_ = {"dd", "li"};
    list_types_ = {"dl", "ol", "ul"};
  }

 protected:
  void CreateItem(Element* parent, const std::string& block) override {
    BlockParser::Frame frame(parser_);
    Element* dd = parent->SubElement("dd");
    parser_->ParseBlock(dd, block);
  }
};

class DefListExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    BlockParser* parser = md.parser.get();
    parser->blockprocessors.Register(std::make_unique<DefListIndentProcessor>(parser), "defindent",
                                     85);
    parser->blockprocessors.Register(std::make_unique<DefListProcessor>(parser), "deflist", 25);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeDefListExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<DefListExtension>();
}

}  // namespace stacks::markdown
