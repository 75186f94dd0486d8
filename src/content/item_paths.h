// A path helper shared by items.cc and links.cc (private).
#pragma once

#include <string>
#include <string_view>

namespace stacks::content {

/// os.path.relpath(abspath(path), abspath(content_path)) with '/'.
std::string RelativeToContent(const std::string& path, const std::string& content_path);

}  // namespace stacks::content
