// markdown: Markdown to HTML exactly as Python-Markdown 3.4.1 converts it.
//
//   stacks::markdown::Options opts;
//   opts.extensions = {"extra", "toc"};
//   stacks::markdown::Result r = stacks::markdown::Convert(text, opts);
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stacks::markdown {

/// A fenced or indented code block handed to the highlighter, as codehilite
/// sees it.
struct CodeBlock {
  std::string code;
  std::string lang;  ///< empty when unknown
  nlohmann::json options;  ///< codehilite options plus per-block ones (hl_lines, linenos, ...)
};
/// Returns the HTML for the block, or nullopt to let the engine print it
/// plain the way Pygments prints plain text.
using CodeBlockCallback = std::function<std::optional<std::string>(const CodeBlock&)>;

struct Options {
  /// Extension names in any form Python-Markdown accepts.
  std::vector<std::string> extensions;
  /// Python-Markdown's `extension_configs`: name -> {option: value}.
  nlohmann::json extension_configs = nlohmann::json::object();
  std::string output_format = "xhtml";
  int tab_length = 4;
  CodeBlockCallback highlight;
  /// Whether the toc extension fills Result::toc and Result::toc_tokens
  /// (Python-Markdown's md.toc and md.toc_tokens). Header ids and the
  /// [TOC] marker are done either way; callers that never read the two
  /// save their cost by turning this off.
  bool toc_outputs = true;
};

struct Result {
  std::string html;
  /// From the toc extension: the `toc` HTML and `toc_tokens`.
  std::string toc;
  nlohmann::json toc_tokens = nlohmann::json::array();
  /// From the meta extension: lower-cased keys, list of lines each.
  std::vector<std::pair<std::string, std::vector<std::string>>> meta;
  /// Problems with the options (unknown extension, bad setting) or the
  /// document (nesting too deep).
  std::vector<std::string> errors;
  /// The document could not be converted (Python would have raised); `html`
  /// is empty and `errors` says why.
  bool failed = false;
};

/// Converts UTF-8 `source` (a leading BOM is dropped). Invalid UTF-8 must be
/// rejected by the caller (see stacks::FindInvalidUtf8).
Result Convert(std::string_view source, const Options& options);

/// A reusable converter: builds the pipeline once, converts many documents.
class Converter {
 public:
  explicit Converter(const Options& options);
  ~Converter();
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  Result Convert(std::string_view source);
  const std::vector<std::string>& errors() const;
  /// md.preprocessors.deregister(name): Pelican drops `meta` before it
  /// converts metadata fields with the same instance. False when absent.
  bool DeregisterPreprocessor(std::string_view name);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stacks::markdown
