// isolated_convert: runs one conversion in a child process, so a crash or a
// hang in the engine fails that one case instead of the whole test program.
#pragma once

#include <string>
#include <string_view>

#include "markdown/markdown.h"

namespace stacks::markdown::testing {

struct IsolatedResult {
  bool ok = false;
  std::string html;   ///< the converter's html when ok
  std::string error;  ///< "crashed (signal 11)", "timed out", converter errors...
};

/// Converts `source` with a Converter built from `options` in a forked child
/// that is killed after `timeout_seconds`.
IsolatedResult ConvertIsolated(std::string_view source, const Options& options, unsigned timeout_seconds);

/// Converts `source` with an already built converter, in a forked child (the
/// converter's state after the call stays in the child). The converter's
/// configuration errors are the caller's business here: it converts anyway.
IsolatedResult ConvertIsolated(std::string_view source, Converter& converter, unsigned timeout_seconds);

/// Builds Options from Python-Markdown keyword arguments as JSON
/// (`extensions`, `extension_configs`, `output_format`, `tab_length`).
Options OptionsFromKwargs(const nlohmann::json& kwargs);

}  // namespace stacks::markdown::testing
