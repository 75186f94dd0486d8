// site: `stacks build`, Pelican 4.8's run() as a list of named steps.
//   1. read: articles, pages and static files (in parallel), translations,
//      ordering, categories/tags/authors, period dates
//   2. link: intra-site links resolved once in Pelican's order ({attach}
//      moves static files)
//   3. plan: every output file (feeds, articles, archives, direct templates,
//      taxonomy pages, drafts, pages, template pages) with its template
//      context, as Pelican's generators ask the writer for them
//   4. render and write (in parallel, one template environment per worker),
//      each file written atomically; static and theme files copied
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/base.h"
#include "site/settings.h"

namespace stacks::site {

struct BuildOptions {
  /// The settings file the settings came from (never deleted with the output).
  std::string settings_path;
  /// Worker threads for reading and rendering; 0: one per hardware thread.
  int threads = 0;
  /// The time Pelican's `now()` stands for (tests); unset: the clock.
  bool fixed_now = false;
  /// --ignore-cache: the content cache is not loaded (it is still saved
  /// with CACHE_CONTENT).
  bool ignore_cache = false;
};

/// One warning or error of the build, formatted for the terminal.
struct BuildMessage {
  Severity severity = Severity::kWarning;
  std::string text;
};

/// What Pelican counts in its "Done: Processed ..." line (translations included).
struct BuildCounts {
  int articles = 0;
  int drafts = 0;
  int hidden_articles = 0;
  int pages = 0;
  int hidden_pages = 0;
  int draft_pages = 0;
  int files_written = 0;
};

struct BuildResult {
  /// false when a file could not be rendered or written (Pelican would have
  /// stopped there); errors Pelican only logs (a skipped source file) leave
  /// it true.
  bool ok = true;
  int failed_files = 0;
  BuildCounts counts;
  std::vector<BuildMessage> messages;
  /// (step name, seconds) for each step, in order.
  std::vector<std::pair<std::string, double>> timings;
  /// What each step of `timings` did ("1000 files"), at the same index.
  std::vector<std::string> timing_counts;
  double seconds = 0;
  int CountOf(Severity severity) const;
};

/// Builds the site the settings describe (PATH in, OUTPUT_PATH out).
BuildResult Build(const Settings& settings, const BuildOptions& options = {});

/// "Done: Processed 3 articles, 0 drafts, 0 hidden articles, 1 page, 0 hidden
/// pages and 0 draft pages in 0.12 seconds." as Pelican prints it.
std::string SummaryLine(const BuildResult& result);

/// Python's repr() of a setting's value (tuples as tuples), for
/// --print-settings.
std::string SettingRepr(const Settings& settings, const std::string& key);

// ---- pieces, exposed for tests ----------------------------------------------

/// pelican.utils.get_relative_path: "." for a file at the root, "..",
/// "../.." for deeper ones (what SITEURL becomes with RELATIVE_URLS).
std::string RelativePathToRoot(const std::string& output_name);

/// Why deleting `output` (DELETE_OUTPUT_DIRECTORY) would be unsafe: it is, or
/// holds, the content folder or the settings file, or is the filesystem root
/// or the working folder's parent. Empty when deleting it is safe.
std::string UnsafeToDelete(const std::string& output, const std::string& content, const std::string& settings_path);

/// pelican.utils.clean_output_dir: every entry of `output` removed except the
/// names in `retention`; never touches anything outside `output`. Problems
/// are appended to `messages`.
void CleanOutputDir(const std::string& output, const std::vector<std::string>& retention,
                    std::vector<BuildMessage>* messages);

}  // namespace stacks::site
