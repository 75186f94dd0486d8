// The terminal side of a build (see build_display.h).
#include "cli/build_display.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace stacks::cli {
namespace {

// A build shorter than this shows no progress line at all (tests set
// STACKS_PROGRESS_AFTER_MS to see it on small sites); after it, the line is
// redrawn at most once per kRedrawEvery, and whenever a phase completes.
constexpr std::chrono::milliseconds kFirstDrawAfter{300};
constexpr std::chrono::milliseconds kRedrawEvery{100};

std::chrono::milliseconds FirstDrawAfter() {
  const char* text = std::getenv("STACKS_PROGRESS_AFTER_MS");
  if (!text || !*text) return kFirstDrawAfter;
  return std::chrono::milliseconds(std::strtol(text, nullptr, 10));
}

}  // namespace

bool Shows(Verbosity verbosity, Severity severity) {
  switch (severity) {
    case Severity::kError: return true;
    case Severity::kWarning: return verbosity != Verbosity::kQuiet;
    case Severity::kNote: return verbosity == Verbosity::kVerbose || verbosity == Verbosity::kDebug;
  }
  return true;
}

bool StderrIsInteractive() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

BuildDisplay::BuildDisplay(Verbosity verbosity, bool progress, std::FILE* out)
    : verbosity_(verbosity), progress_(progress), out_(out), first_draw_after_(FirstDrawAfter()) {}

BuildDisplay::~BuildDisplay() { Finish(); }

bool BuildDisplay::Wants(site::LogLevel level) const {
  if (level == site::LogLevel::kDebug) return verbosity_ == Verbosity::kDebug;
  return verbosity_ == Verbosity::kVerbose || verbosity_ == Verbosity::kDebug;
}

void BuildDisplay::OnLog(site::LogLevel level, const std::string& text) {
  Print((level == site::LogLevel::kDebug ? "debug: " : "info: ") + text);
}

// Records the phase's count (phases keep their first-seen order) and redraws
// when the line is due.
void BuildDisplay::OnProgress(const std::string& phase, size_t done, size_t total) {
  if (!progress_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  auto it = std::find_if(phases_.begin(), phases_.end(), [&](const auto& p) { return p.first == phase; });
  if (it == phases_.end()) phases_.push_back({phase, {done, total}});
  else it->second = {std::max(it->second.first, done), std::max(it->second.second, total)};
  DrawLocked(done == total);
}

void BuildDisplay::Print(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  bool had_line = drawn_width_ > 0;
  EraseLocked();
  std::string text = line;
  if (text.empty() || text.back() != '\n') text += '\n';
  std::fputs(text.c_str(), out_);
  if (had_line) DrawLocked(true);
  std::fflush(out_);
}

void BuildDisplay::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  EraseLocked();
  finished_ = true;
  std::fflush(out_);
}

// "reading 30/30 ... rendering 12/250", written over the previous line; the
// shorter new text is padded with spaces so nothing of the old one remains.
void BuildDisplay::DrawLocked(bool force) {
  if (!progress_ || finished_ || phases_.empty()) return;
  Clock::time_point now = Clock::now();
  if (now - start_ < first_draw_after_) return;
  if (!force && drawn_width_ > 0 && now - last_draw_ < kRedrawEvery) return;
  std::string text;
  for (const auto& [phase, counts] : phases_)
    text += (text.empty() ? "" : " ... ") + phase + " " + std::to_string(counts.first) + "/" + std::to_string(counts.second);
  std::string padded = text;
  if (padded.size() < drawn_width_) padded.append(drawn_width_ - padded.size(), ' ');
  std::fputs(("\r" + padded).c_str(), out_);
  std::fflush(out_);
  drawn_width_ = text.size();
  last_draw_ = now;
}

// \r, spaces over the drawn text, \r: the cursor back at the start of an
// empty line.
void BuildDisplay::EraseLocked() {
  if (drawn_width_ == 0) return;
  std::fputs(("\r" + std::string(drawn_width_, ' ') + "\r").c_str(), out_);
  drawn_width_ = 0;
}

}  // namespace stacks::cli
