// Path and URL helpers shared by items.cc and links.cc (private).
#pragma once

#include <string>
#include <string_view>

namespace stacks::content {

/// os.path.normpath for '/' paths.
std::string NormPath(std::string_view path);
/// os.path.relpath(abspath(path), abspath(content_path)) with '/'.
std::string RelativeToContent(const std::string& path, const std::string& content_path);
/// os.path.relpath(path, start) for two absolute (or both relative) paths.
std::string RelPath(const std::string& path, const std::string& start);

}  // namespace stacks::content
