// The legacy_em extension (Python-Markdown 3.4.1): underscores inside words
// (_connected_words_) make emphasis again.
#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

constexpr std::string_view kLegacyEmphasisRe = R"((_)([^_]+)\1)";
constexpr std::string_view kLegacyStrongRe = R"((_{2})(.+?)\1)";
constexpr std::string_view kLegacyStrongEmRe = R"((_)\1(?!\1)([^_]+?)\1(?!\1)(.+?)\1{3})";

class LegacyEmExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    using B = EmStrongItem::Builder;
    std::vector<EmStrongItem> items = {
        AsteriskProcessor::Item(kEmStrong2Re, B::kDouble, "strong,em"),
        AsteriskProcessor::Item(kStrongEm2Re, B::kDouble, "em,strong"),
        AsteriskProcessor::Item(kLegacyStrongEmRe, B::kDouble2, "strong,em"),
        AsteriskProcessor::Item(kLegacyStrongRe, B::kSingle, "strong"),
        AsteriskProcessor::Item(kLegacyEmphasisRe, B::kSingle, "em")};
    md.inline_patterns.Register(std::make_unique<AsteriskProcessor>("_", std::move(items), &md),
                                "em_strong2", 50);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeLegacyEmExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<LegacyEmExtension>();
}

}  // namespace stacks::markdown
