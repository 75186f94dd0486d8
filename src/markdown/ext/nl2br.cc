// The nl2br extension (Python-Markdown 3.4.1): every newline inside a
// paragraph becomes a <br>.
#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

class Nl2BrExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.inline_patterns.Register(std::make_unique<SubstituteTagInlineProcessor>("\n", "br", &md),
                                "nl", 5);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeNl2brExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<Nl2BrExtension>();
}

}  // namespace stacks::markdown
