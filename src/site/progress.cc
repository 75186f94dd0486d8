// The build's observer hook (see progress.h).
#include "site/progress.h"

#include <atomic>
#include <map>
#include <mutex>

#include "base/base.h"
#include "content/content.h"

namespace stacks::site {
namespace {

std::atomic<BuildObserver*> g_observer{nullptr};

// Running totals per phase, so successive batches of one phase add up.
struct PhaseTotals {
  std::mutex mutex;
  std::map<std::string, std::pair<size_t, size_t>> done_and_total;
};

PhaseTotals& Totals() {
  static PhaseTotals totals;
  return totals;
}

}  // namespace

BuildObserver* SetBuildObserver(BuildObserver* observer) {
  std::lock_guard<std::mutex> lock(Totals().mutex);
  Totals().done_and_total.clear();
  return g_observer.exchange(observer);
}

std::string ContentClassName(content::ItemKind kind) {
  switch (kind) {
    case content::ItemKind::kArticle: return "Article";
    case content::ItemKind::kPage: return "Page";
    case content::ItemKind::kStatic: return "Static";
  }
  return "Content";
}

bool LogWanted(LogLevel level) {
  BuildObserver* observer = g_observer.load();
  return observer && observer->Wants(level);
}

void Log(LogLevel level, const std::string& text) {
  BuildObserver* observer = g_observer.load();
  if (observer && observer->Wants(level)) observer->OnLog(level, text);
}

// Adds the batch to the phase's total first, then reports each finished task
// with the phase's running count.
void ProgressFor(const std::string& phase, size_t count, int threads,
                 const std::function<void(size_t worker, size_t index)>& task) {
  BuildObserver* observer = g_observer.load();
  if (!observer) {
    ParallelFor(count, threads, task);
    return;
  }
  PhaseTotals& totals = Totals();
  size_t done = 0, total = 0;
  {
    std::lock_guard<std::mutex> lock(totals.mutex);
    auto& entry = totals.done_and_total[phase];
    entry.second += count;
    done = entry.first;
    total = entry.second;
  }
  observer->OnProgress(phase, done, total);
  ParallelFor(count, threads, [&](size_t worker, size_t index) {
    task(worker, index);
    size_t now = 0;
    {
      std::lock_guard<std::mutex> lock(totals.mutex);
      now = ++totals.done_and_total[phase].first;
    }
    observer->OnProgress(phase, now, total);
  });
}

}  // namespace stacks::site
