// Pelican's HTMLReader parser (private to stacks_content).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacks::content {

struct HtmlReaderOutput {
  std::string body;
  /// name -> values of the `<meta>` tags (and `title`), in first-seen order.
  std::vector<std::pair<std::string, std::vector<std::string>>> metadata;
  std::vector<std::string> warnings;
};

/// HTMLReader._HTMLParser over the whole text.
HtmlReaderOutput ParseHtmlSource(std::string_view text, const std::string& filename);

}  // namespace stacks::content
