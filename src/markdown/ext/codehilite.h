// Code-block printing shared by the codehilite and fenced_code extensions:
// Python-Markdown's `CodeHilite` class and, for blocks no highlighter
// claims, the HTML Pygments 2.14's HtmlFormatter writes for plain text.
//
// Options travel as a JSON object holding what Python passes as keyword
// arguments (`linenos`, `hl_lines`, `cssclass`, ...), so a highlighter
// callback sees the same settings Pygments would.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "markdown/core.h"

namespace stacks::markdown {

/// Python `parse_hl_lines`: "1 3" -> [1, 3]; empty or unparsable -> [].
nlohmann::json ParseHlLines(std::string_view expr);

/// Python truthiness of a configuration value (null, false, 0, "", [] are false).
bool JsonTruthy(const nlohmann::json& value);

/// Python `parseBoolValue(value, fail_on_errors, preserve_none)` on a JSON
/// value: strings are parsed, other values keep their truthiness. Returns
/// null for "none" (with preserve_none) and for unparsable strings (without
/// fail_on_errors); `ok` is cleared when a string cannot be parsed.
nlohmann::json JsonBoolValue(const nlohmann::json& value, bool preserve_none, bool* ok = nullptr);

/// Pygments `HtmlFormatter` output for `code` lexed by the plain `TextLexer`
/// (every token plain Text), honoring the lexer options (stripnl, stripall,
/// ensurenl, tabsize) and the formatter options (cssclass, linenos, hl_lines,
/// linenostart/step/special, lineanchors, linespans, anchorlinenos, nowrap,
/// wrapcode, noclasses with any Pygments style (`style`), nobackground, cssstyles,
/// prestyles, filename, lineseparator).
std::string PygmentsPlainHtml(std::string_view code, const nlohmann::json& options);

/// Python-Markdown's `CodeHilite`: one code block and its options.
class CodeHilite {
 public:
  /// `options` as Python's keyword arguments: `lang`, `guess_lang`,
  /// `use_pygments`, `lang_prefix`, `pygments_formatter`, `linenums`,
  /// `css_class`, `style`, plus formatter and lexer options.
  CodeHilite(std::string src, nlohmann::json options);
  /// A block with this one's settings but `src` and the `lang` option
  /// `lang`: the settings (the same for most blocks of a document) are
  /// shared, not copied and parsed again.
  CodeHilite WithSource(std::string src, std::optional<std::string> lang) const;

  /// Python `hilite(shebang)`: the block's HTML. With Pygments enabled the
  /// `highlight` callback (if any) gets the block first; when it declines,
  /// the block is printed as Pygments prints plain text.
  std::string Hilite(bool shebang, const CodeBlockCallback& highlight);

 private:
  void ParseHeader();
  std::string PlainPre() const;
  /// options_ for writing (copied first while shared).
  nlohmann::json& MutableOptions();
  /// A setting of options_ (null when absent).
  const nlohmann::json& Option(const char* key) const;

  std::string src_;
  std::optional<std::string> lang_;
  bool guess_lang_ = true;
  bool use_pygments_ = true;
  std::string lang_prefix_ = "language-";
  nlohmann::json formatter_;  ///< pygments_formatter (kept for the callback)
  /// What Python hands to the lexer and formatter; shared by WithSource copies.
  std::shared_ptr<const nlohmann::json> options_;
};

/// The codehilite extension object; fenced_code reads its settings.
class CodeHiliteExtension : public Extension {
 public:
  explicit CodeHiliteExtension(nlohmann::json config) : config_(std::move(config)) {}
  void ExtendMarkdown(Markdown& md) override;
  /// Python `getConfigs()`: every setting with defaults filled in.
  const nlohmann::json& configs() const { return config_; }

 private:
  nlohmann::json config_;
};

/// Python `_escape_attrib_html`: & (unless it starts an entity), <, > and ".
std::string EscapeAttribHtml(std::string_view text);

}  // namespace stacks::markdown
