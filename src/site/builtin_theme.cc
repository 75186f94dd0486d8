// site/builtin_theme: looks a built-in theme up by name. The file lists are
// generated at build time (see builtin_theme.cmake) and built once, on first
// use.
#include "site/builtin_theme.h"

namespace stacks::site {

// Defined in the generated builtin_theme_default.cc.
std::vector<EmbeddedFile> BuiltinTheme_default();

const std::vector<EmbeddedFile>* BuiltinThemeFiles(std::string_view name) {
  if (name == "default") {
    static const std::vector<EmbeddedFile> files = BuiltinTheme_default();
    return &files;
  }
  return nullptr;
}

}  // namespace stacks::site
