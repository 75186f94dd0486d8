// What `stacks build` shows on the terminal while it runs: messages at
// Pelican's levels (-q, default, -v, -D) and, on a terminal, a one-line
// progress display ("reading 512/1000 ... rendering 300/2100") redrawn in
// place with \r and erased at the end.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/base.h"
#include "site/progress.h"

namespace stacks::cli {

/// Pelican's log levels: -q shows errors only (Pelican: critical ones),
/// the default warnings and errors, -v adds info lines, -D debug lines.
enum class Verbosity { kQuiet, kNormal, kVerbose, kDebug };

/// Whether a message of `severity` is shown at `verbosity`.
bool Shows(Verbosity verbosity, Severity severity);

class BuildDisplay : public site::BuildObserver {
 public:
  /// `progress`: draw the progress line (a terminal, not -q). `out` is
  /// where everything goes (stderr).
  BuildDisplay(Verbosity verbosity, bool progress, std::FILE* out = stderr);
  ~BuildDisplay() override;

  void OnProgress(const std::string& phase, size_t done, size_t total) override;
  bool Wants(site::LogLevel level) const override;
  void OnLog(site::LogLevel level, const std::string& text) override;

  /// Prints a finished message (the progress line erased first, redrawn
  /// after); "info: ", "debug: " prefixes for those levels.
  void Print(const std::string& line);
  /// Erases the progress line for good.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  void DrawLocked(bool force);
  void EraseLocked();

  Verbosity verbosity_;
  bool progress_;
  std::FILE* out_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> phases_;
  std::chrono::milliseconds first_draw_after_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
  size_t drawn_width_ = 0;
  bool finished_ = false;
};

/// True when a progress line makes sense on stderr: a terminal that is not
/// "dumb".
bool StderrIsInteractive();

}  // namespace stacks::cli
