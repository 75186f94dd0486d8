// Reader of Pelican settings files written in Python (private to src/site).
//
// It tokenizes the file like Python does, then evaluates the literal subset
// statement by statement: assignments (also chained, augmented and into
// subscripts), `from MODULE import *` of a sibling settings file, the imports
// and `sys.path` edits that settings files carry (ignored), and the mutating
// calls `.append/.extend/.insert/.update` on settings. Everything else becomes
// an opaque value with a warning that names the setting.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "site/pyvalue.h"
#include "site/settings.h"

namespace stacks::site {

// ---- tokens -----------------------------------------------------------------

enum class TokKind { kName, kNumber, kString, kOp, kNewline, kEnd };

struct Token {
  TokKind kind = TokKind::kEnd;
  std::string_view text;   // the source text of the token
  size_t offset = 0;       // byte offset in the source
  bool line_start = false; // first token of a logical line
  size_t indent = 0;       // its column, when line_start
  // Strings: the decoded value and what the prefix said.
  std::string value;
  bool is_bytes = false;
  bool is_fstring = false;
};

struct LexResult {
  std::vector<Token> tokens;  // ends with kEnd
  bool ok = true;
  size_t error_offset = 0;
  std::string error;
};

/// Splits Python source into tokens (comments, blank lines and continuation
/// lines dropped; a kNewline closes each logical line).
LexResult TokenizePython(std::string_view source);

// ---- calls stacks can evaluate (pycalls.cc) ---------------------------------------

using Kwargs = std::vector<std::pair<std::string, PyValue>>;

/// The value of a call, or nothing when stacks cannot evaluate it, or the
/// error Python would raise.
struct CallResult {
  std::optional<PyValue> value;
  std::string error;
};

/// Builtins (dict, list, tuple, str, int, bool, len) and os.path functions
/// (join, dirname, basename) by dotted name, on literal arguments.
CallResult CallFunction(const std::string& dotted_name, const std::vector<PyValue>& args, const Kwargs& kwargs);

/// str methods (format, join, lower, upper, strip, replace, split, ...) and
/// dict/list copy and dict get.
CallResult CallMethod(const PyValue& object, const std::string& method, const std::vector<PyValue>& args,
                      const Kwargs& kwargs);

// ---- modules ----------------------------------------------------------------

/// Where a name was assigned, to point warnings about it at the source.
struct Origin {
  std::string path;
  std::shared_ptr<const std::string> source;
  size_t offset = 0;
};

/// The globals of one evaluated settings file, in first-assignment order.
struct PyModule {
  std::vector<std::pair<std::string, PyValue>> names;
  std::map<std::string, Origin> origins;

  PyValue* Lookup(const std::string& name);
  void Assign(const std::string& name, PyValue value, Origin origin);
  void Remove(const std::string& name);
};

/// Evaluates a settings file. `search_dirs` are where `from X import *` looks
/// for X.py. Messages (warnings, errors) are appended fully formatted; false
/// when the file has an error Python would stop at.
bool EvaluatePythonSettings(const std::string& path, std::shared_ptr<const std::string> source,
                            const std::vector<std::string>& search_dirs, PyModule* module,
                            std::vector<SettingsMessage>* messages, int depth = 0);

}  // namespace stacks::site
