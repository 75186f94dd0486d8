// The build manifest: what the last successful build read and wrote, so a
// build with nothing changed can stop at once (issue 6).
//
// At the end of a build that saves the content cache (CACHE_CONTENT), the
// manifest records, in the cache folder (written atomically):
//   - a key: the engine's executable, every setting (the settings file and
//     the -e overrides are in them), the working folder, the time zone and
//     locale variables and today's date (dates without a day default to it);
//   - every input folder scanned whole (PATH, the theme, the template
//     overrides, the fallback templates) with each file and folder in it,
//     and any read file outside them: kind, size, mtime and ctime in ns and
//     inode (CHECK_MODIFIED_METHOD 'mtime', the default), or size and a hash
//     of the bytes (any other method; a folder then by its names); a folder's
//     stamp changes when an entry is added, removed or renamed in it;
//   - every file and folder of the output folder (stat data);
//   - the earliest future article date when WITH_FUTURE_DATES is off (the
//     article turns published then);
//   - the summary's counts and the build's messages.
// A build that loads the cache (LOAD_CONTENT_CACHE, no --ignore-cache)
// first compares all of it with the file system (stat calls spread over the
// worker threads): when nothing differs it replays the messages and counts
// and stops; else it deletes the manifest and builds as usual.
//
// An input changed during the build could keep its stamp (timestamps are
// only as fine as the kernel's clock tick): no manifest is written when an
// input's mtime or ctime is at or after the moment the build started.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "site/settings.h"
#include "site/site.h"

namespace stacks::site {

struct Site;

/// How an input is judged unchanged (CHECK_MODIFIED_METHOD).
enum class ChangeCheck { kStat, kHash };

/// What one file or folder looked like.
struct PathStamp {
  enum class Kind : uint8_t { kMissing, kFile, kFolder };
  std::string path;  // absolute, normalized
  Kind kind = Kind::kMissing;
  uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, inode = 0;
  uint64_t hash = 0;  // kHash: the bytes' (a folder: its sorted names')
};

/// The stamp of `path` now (symbolic links followed).
PathStamp StampOf(const std::string& path, ChangeCheck check);
/// `root` and, for a folder, everything under it (symbolic links to folders
/// followed once), leaving out the `skip` subtrees (absolute paths); sorted
/// by path.
std::vector<PathStamp> ScanTree(const std::string& root, const std::vector<std::string>& skip, ChangeCheck check);
/// The index of a stamp that differs from the file system now, on up to
/// `threads` threads; nullopt when none does.
std::optional<size_t> FirstChanged(const std::vector<PathStamp>& stamps, ChangeCheck check, int threads);

struct Manifest {
  uint64_t key = 0;
  ChangeCheck check = ChangeCheck::kStat;
  /// The earliest future article date (UTC micros for dates with an offset,
  /// local wall-clock micros for naive ones); INT64_MAX: none.
  int64_t future_aware = INT64_MAX, future_naive = INT64_MAX;
  BuildCounts counts;
  std::vector<BuildMessage> messages;
  std::vector<PathStamp> inputs, outputs;
};

std::string EncodeManifest(const Manifest& manifest);
/// nullopt when `data` is not a whole manifest.
std::optional<Manifest> DecodeManifest(std::string_view data);

/// The manifest's path for these settings (in CACHE_PATH).
std::string ManifestPath(const Settings& settings);
/// CHECK_MODIFIED_METHOD: 'mtime' (default) compares stat data, anything
/// else the bytes.
ChangeCheck CheckMethod(const Settings& settings);
/// The key of a build: see the top of this file.
uint64_t ManifestKey(const Settings& settings);
/// The realtime clock as file timestamps use it (the kernel's coarse clock), ns.
int64_t FileClockNow();

/// Whether this build uses (`load`) and writes (`save`) a manifest.
struct ManifestUse {
  bool load = false, save = false;
};
ManifestUse ManifestUseFor(const Settings& settings, const BuildOptions& options);

/// The result of the last build when nothing it read or wrote has changed
/// since (`why`: how many inputs and outputs were checked); nullopt when
/// something changed (`why` says what, for debug logs).
std::optional<BuildResult> UpToDateResult(const Settings& settings, int threads, std::string* why);

/// Writes the manifest of the build that just ended (started at
/// `start_ns` by FileClockNow); false (and `why`) when it is not written.
bool RecordManifest(const Site& site, const BuildResult& result, int64_t start_ns, std::string* why);

}  // namespace stacks::site
