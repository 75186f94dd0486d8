// The extra extension (Python-Markdown 3.4.1): loads the extensions that
// imitate PHP Markdown Extra. Its configuration maps each of their names to
// that extension's own settings.
#include <string_view>

#include "markdown/core.h"

namespace stacks::markdown {

namespace {

constexpr std::string_view kExtraExtensions[] = {"fenced_code", "footnotes", "attr_list", "def_list",
                                                 "tables",      "abbr",      "md_in_html"};

class ExtraExtension : public Extension {
 public:
  explicit ExtraExtension(nlohmann::json config) : config_(std::move(config)) {}

  // Python `md.registerExtensions(extensions, self.config)`.
  void ExtendMarkdown(Markdown& md) override {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    for (std::string_view name : kExtraExtensions) {
      auto it = config_.find(std::string(name));
      md.AddExtension(name, it != config_.end() ? *it : kEmpty);
    }
  }

 private:
  nlohmann::json config_;
};

}  // namespace

std::unique_ptr<Extension> MakeExtraExtension(const nlohmann::json& config) {
  return std::make_unique<ExtraExtension>(config.is_object() ? config : nlohmann::json::object());
}

}  // namespace stacks::markdown
