// The legacy_attrs extension (Python-Markdown 3.4.1): `{@key=value}` in text,
// tails and `alt` attributes sets an attribute on the element holding it.
#include "base/base.h"
#include "markdown/core.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

class LegacyAttrsTreeprocessor : public Treeprocessor {
 public:
  using Treeprocessor::Treeprocessor;

  ElementPtr Run(Element* doc) override {
    doc->Iter([](Element* el) {
      if (const std::string* alt = el->Get("alt")) {
        std::string value = *alt;
        el->Set("alt", HandleAttributes(el, value));
      }
      if (el->text && !el->text->empty() && !el->text_atomic) el->text = HandleAttributes(el, *el->text);
      if (el->tail && !el->tail->empty() && !el->tail_atomic) el->tail = HandleAttributes(el, *el->tail);
    });
    return nullptr;
  }

 private:
  // Sets each `{@key=value}` found in `text` on `el` (newlines in the value
  // become spaces) and returns `text` without them.
  static std::string HandleAttributes(Element* el, std::string_view text) {
    static const Regex kAttr(R"(\{@([^\}]*)=([^\}]*)})");
    return kAttr.Sub(text, [el](const Match& m) {
      el->Set(m.Group(1), ReplaceAll(m.Group(2), "\n", " "));
      return std::string();
    });
  }
};

class LegacyAttrsExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.treeprocessors.Register(std::make_unique<LegacyAttrsTreeprocessor>(&md), "legacyattrs", 15);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeLegacyAttrsExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<LegacyAttrsExtension>();
}

}  // namespace stacks::markdown
