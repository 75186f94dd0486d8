// Factories of the built-in extensions (one per file in ext/).
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

namespace stacks::markdown {

class Extension;

#define STACKS_EXTENSION(name, factory) \
  std::unique_ptr<Extension> factory(const nlohmann::json& config);
#include "markdown/ext/extension_list.inc"
#undef STACKS_EXTENSION

}  // namespace stacks::markdown
