// What a build tells its caller while it runs: progress counts per phase
// ("reading", "rendering") and Pelican's info (-v) and debug (-D) lines. The
// command line installs an observer; without one every call is a no-op.
// Observers are called from worker threads and must be thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace stacks::content {
enum class ItemKind;
}

namespace stacks::site {

/// The levels below warnings that Pelican logs at (-v: info, -D: debug).
enum class LogLevel { kDebug, kInfo };

class BuildObserver {
 public:
  virtual ~BuildObserver() = default;
  /// `done` of `total` items of `phase` are finished; totals of calls with the
  /// same phase add up over a build (articles, pages, static files all count
  /// as "reading").
  virtual void OnProgress(const std::string& phase, size_t done, size_t total) = 0;
  /// Whether lines of `level` are shown (so callers skip formatting them).
  virtual bool Wants(LogLevel level) const = 0;
  virtual void OnLog(LogLevel level, const std::string& text) = 0;
};

/// Installs the process-wide observer (nullptr: none) and returns the
/// previous one. Not to be changed while a build runs.
BuildObserver* SetBuildObserver(BuildObserver* observer);

/// True when the observer shows lines of `level`.
bool LogWanted(LogLevel level);
/// Sends a line to the observer when it shows its level.
void Log(LogLevel level, const std::string& text);

/// Pelican's name of the class an item is read as: "Article", "Page", "Static".
std::string ContentClassName(content::ItemKind kind);

/// ParallelFor(count, threads, task), counting finished tasks under `phase`
/// for the observer.
void ProgressFor(const std::string& phase, size_t count, int threads,
                 const std::function<void(size_t worker, size_t index)>& task);

}  // namespace stacks::site
