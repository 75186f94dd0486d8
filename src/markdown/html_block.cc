// The `html_block` preprocessor: Python-Markdown's HtmlBlockPreprocessor.
// Runs the HTML extractor over the joined lines (it stashes raw HTML blocks
// and leaves placeholders).
#include <algorithm>

#include "markdown/core.h"
#include "markdown/html_parser.h"

namespace stacks::markdown {

namespace {

class HtmlBlockPreprocessor : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;
  void RunText(std::string& text) override {
    // Without a '<' or "&#" the extractor only hands the text through
    // (a character reference would come back with a ';' added).
    if (text.find('<') == std::string::npos && text.find("&#") == std::string::npos) return;
    auto make = [this] { return std::make_unique<HtmlExtractor>(*md_); };
    text = ExtractRawHtml(make, text);
  }
};

}  // namespace

std::unique_ptr<Preprocessor> MakeHtmlBlockPreprocessor(Markdown& md) {
  return std::make_unique<HtmlBlockPreprocessor>(&md);
}

}  // namespace stacks::markdown
