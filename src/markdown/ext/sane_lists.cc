// The sane_lists extension (Python-Markdown 3.4.1): a list only continues a
// list of its own kind, ordered lists keep their start number, and a line
// of the other kind does not start an item.
#include "markdown/blockprocessors.h"
#include "markdown/core.h"

namespace stacks::markdown {

namespace {

class SaneOListProcessor : public OListProcessor {
 public:
  explicit SaneOListProcessor(BlockParser* parser) : OListProcessor(parser) {
    sibling_tags_ = {"ol"};
    lazy_ol_ = false;
    child_re_ = std::make_unique<Regex>(R"(^[ ]{0,)" + std::to_string(tab_length_ - 1) +
                                        R"(}((\d+\.))[ ]+(.*))");
    core_patterns_ = false;
  }
};

class SaneUListProcessor : public UListProcessor {
 public:
  explicit SaneUListProcessor(BlockParser* parser) : UListProcessor(parser) {
    sibling_tags_ = {"ul"};
    child_re_ = std::make_unique<Regex>(R"(^[ ]{0,)" + std::to_string(tab_length_ - 1) +
                                        R"(}(([*+-]))[ ]+(.*))");
    core_patterns_ = false;
  }
};

class SaneListExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    BlockParser* parser = md.parser.get();
    parser->blockprocessors.Register(std::make_unique<SaneOListProcessor>(parser), "olist", 40);
    parser->blockprocessors.Register(std::make_unique<SaneUListProcessor>(parser), "ulist", 30);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeSaneListsExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<SaneListExtension>();
}

}  // namespace stacks::markdown
