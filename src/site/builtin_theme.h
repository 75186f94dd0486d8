// site/builtin_theme: the themes compiled into the stacks binary.
//   - BuiltinThemeFiles(): every file of a built-in theme, by its path inside
//     the theme folder ("templates/base.html", "static/css/main.css", ...)
// The data comes from themes/<name>/ in the source tree; CMake turns it into
// byte arrays at build time (src/site/builtin_theme.cmake), so no file is
// read at run time.
#pragma once

#include <string_view>
#include <vector>

namespace stacks::site {

struct EmbeddedFile {
  std::string_view path;  // relative to the theme folder, '/'-separated
  std::string_view data;  // the file's bytes, exactly (may hold NULs)
};

/// The files of a built-in theme ("default"), e.g. "templates/index.html", "static/css/main.css"; nullptr for an unknown name.
const std::vector<EmbeddedFile>* BuiltinThemeFiles(std::string_view name);

}  // namespace stacks::site
