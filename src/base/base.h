// base: what every other stacks library leans on.
//   - diagnostics: `path:line:col: error: what` with the source line and a caret
//   - utf8: validation and code-point helpers
//   - fs: whole-file reads and atomic writes
//   - strings: small helpers the standard library lacks
//   - thread pool: ParallelFor over a batch of independent tasks
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacks {

// ---- diagnostics ----------------------------------------------------------

enum class Severity { kNote, kWarning, kError };

/// One message about a place in a source file. `offset` is a byte offset into
/// `source`; line and column are computed only when the message is printed.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string path;
  std::string message;
  size_t offset = 0;
};

/// 1-based line and column (column counts code points) of a byte offset.
struct LineCol {
  size_t line = 1;
  size_t col = 1;
};
LineCol LineColAt(std::string_view source, size_t offset);

/// "path:line:col: error: message\n<source line>\n<spaces>^\n".
std::string FormatDiagnostic(const Diagnostic& d, std::string_view source);

const char* SeverityName(Severity s);

// ---- utf8 -----------------------------------------------------------------

/// Byte offset of the first byte that is not part of valid UTF-8, if any.
std::optional<size_t> FindInvalidUtf8(std::string_view s);

/// Appends the UTF-8 encoding of code point `cp` to `out`.
void AppendUtf8(std::string& out, char32_t cp);

/// Decodes the code point starting at `s[i]` (valid UTF-8 assumed) and
/// advances `i` past it.
char32_t DecodeUtf8(std::string_view s, size_t& i);

/// Number of code points in valid UTF-8 text.
size_t CountCodePoints(std::string_view s);

// ---- fs -------------------------------------------------------------------

/// Reads a whole file; nullopt (and `error` set) when it cannot be read.
std::optional<std::string> ReadFile(const std::string& path, std::string* error = nullptr);

/// Writes `data` to a temporary file beside `path` and renames it over `path`,
/// so readers never see a half-written file. Creates missing parent folders.
bool WriteFileAtomic(const std::string& path, std::string_view data, std::string* error = nullptr);
/// A file written a piece at a time, atomically, and only if its bytes
/// change. While the pieces equal the file already at `path` nothing is
/// written; at the first difference the equal prefix is copied from the old
/// file into a temporary beside `path` and the rest follows it. Finish renames
/// the temporary over `path`, or, when every byte was equal, leaves the old
/// file (and its mtime) alone. Memory use is the caller's pieces only.
class FileUpdater {
 public:
  enum class Outcome { kWritten, kUnchanged, kFailed };
  explicit FileUpdater(std::string path);
  ~FileUpdater();  // an unfinished temporary is removed
  FileUpdater(const FileUpdater&) = delete;
  FileUpdater& operator=(const FileUpdater&) = delete;
  void Append(std::string_view piece);
  Outcome Finish(std::string* error = nullptr);

 private:
  bool StartTemporary();  // copies the equal prefix; false (error_ set) on failure
  bool Write(std::string_view bytes);
  std::string path_, tmp_, error_;
  int old_fd_ = -1;        // the existing file while still equal, else -1
  size_t old_size_ = 0;
  size_t equal_ = 0;       // bytes appended so far, all equal to the old file's
  std::string block_;      // comparison buffer
  FILE* out_ = nullptr;    // the temporary, once a difference was seen
  bool failed_ = false;
};

/// Whether the regular file at `path` holds exactly `data`, compared a
/// block at a time (no copy of the file is held); false when it cannot be read.
bool FileHasContent(const std::string& path, std::string_view data);

// ---- strings --------------------------------------------------------------

std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string_view StripAscii(std::string_view s);
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);
std::string AsciiLower(std::string_view s);

// ---- thread pool ----------------------------------------------------------

/// Number of hardware threads (at least 1).
int DefaultThreadCount();

/// Runs task(worker, i) for every i in [0, count) on up to `threads` threads
/// (the caller's included; `worker` in [0, threads) names the thread, so a
/// task can use per-worker state). Returns when all tasks are done. With
/// threads <= 1 the tasks run in index order on the calling thread.
void ParallelFor(size_t count, int threads, const std::function<void(size_t worker, size_t index)>& task);

}  // namespace stacks
