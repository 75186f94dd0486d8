// The table of built-in extensions and the names Python-Markdown accepts for
// them.
#include <functional>

#include "markdown/core.h"
#include "markdown/ext/extensions.h"

namespace stacks::markdown {

namespace {

using Factory = std::unique_ptr<Extension> (*)(const nlohmann::json&);

struct ExtensionEntry {
  std::string_view name;
  Factory make;
};

// Canonical names are the module names under markdown.extensions; the emoji
// extension of the reference blog is `github_emoji`.
constexpr ExtensionEntry kExtensions[] = {
#define STACKS_EXTENSION(name, factory) {name, factory},
#include "markdown/ext/extension_list.inc"
#undef STACKS_EXTENSION
    {"", nullptr},
};

}  // namespace

std::string CanonicalExtensionName(std::string_view name) {
  size_t colon = name.find(':');
  if (colon != std::string_view::npos) name = name.substr(0, colon);
  constexpr std::string_view kPrefix = "markdown.extensions.";
  if (name.substr(0, kPrefix.size()) == kPrefix) name.remove_prefix(kPrefix.size());
  if (name == "gh_emoji" || name == "python_markdown_gh_emoji" || name == "ghe_emoji" ||
      name == "emoji")
    return "github_emoji";
  return std::string(name);
}

std::unique_ptr<Extension> MakeExtension(std::string_view canonical, const nlohmann::json& config) {
  for (const ExtensionEntry& e : kExtensions)
    if (e.make && e.name == canonical) return e.make(config);
  return nullptr;
}

}  // namespace stacks::markdown
