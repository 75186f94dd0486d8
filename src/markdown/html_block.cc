// The `html_block` preprocessor: Python-Markdown's HtmlBlockPreprocessor.
// Joins the lines, runs the HTML extractor over the text (which stashes raw
// HTML blocks and leaves placeholders) and splits the result into lines.
#include <algorithm>

#include "markdown/core.h"
#include "markdown/html_parser.h"

namespace stacks::markdown {

namespace {

class HtmlBlockPreprocessor : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;
  std::vector<std::string> Run(std::vector<std::string> lines) override {
    // Without a '<' or "&#" the extractor only hands the text through
    // (a character reference would come back with a ';' added).
    if (std::none_of(lines.begin(), lines.end(), [](const std::string& line) {
          return line.find('<') != std::string::npos || line.find("&#") != std::string::npos;
        }))
      return lines;
    auto make = [this] { return std::make_unique<HtmlExtractor>(*md_); };
    return SplitOn(ExtractRawHtml(make, JoinWith(lines, "\n")), "\n");
  }
};

}  // namespace

std::unique_ptr<Preprocessor> MakeHtmlBlockPreprocessor(Markdown& md) {
  return std::make_unique<HtmlBlockPreprocessor>(&md);
}

}  // namespace stacks::markdown
