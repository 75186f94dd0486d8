// The build manifest (see manifest.h). On disk: a magic line, then the
// key, the check method, the future-date thresholds, the counts, the
// messages and the input and output stamps, numbers as fixed-width
// little-endian integers and strings as length + bytes.
#include "site/manifest.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>

#include "base/base.h"
#include "site/binary_codec.h"
#include "site/build_internal.h"
#include "site/cache.h"

namespace stacks::site {
namespace {

constexpr std::string_view kMagic = "stacks build manifest 1\n";
constexpr const char* kFileName = "stacks-build.manifest";

// ---- encoding ------------------------------------------------------------------

class Encoder : public BinaryWriter {
 public:
  void Stamp(const PathStamp& s) {
    Str(s.path);
    U64(static_cast<uint64_t>(s.kind));
    for (uint64_t v : {s.size, s.mtime_ns, s.ctime_ns, s.inode, s.hash}) U64(v);
  }
};

// Reads what Encoder wrote.
class Decoder : public BinaryReader {
 public:
  using BinaryReader::BinaryReader;
  PathStamp Stamp() {
    PathStamp s;
    s.path = Str();
    uint64_t kind = U64();
    if (kind > static_cast<uint64_t>(PathStamp::Kind::kFolder)) Fail();
    s.kind = static_cast<PathStamp::Kind>(kind);
    for (uint64_t* v : {&s.size, &s.mtime_ns, &s.ctime_ns, &s.inode, &s.hash}) *v = U64();
    return s;
  }
};

// ---- stamps ----------------------------------------------------------------------

uint64_t Nanos(const struct timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
}

PathStamp FromStat(std::string path, const struct stat& st) {
  PathStamp s;
  s.path = std::move(path);
  s.kind = S_ISDIR(st.st_mode) ? PathStamp::Kind::kFolder : PathStamp::Kind::kFile;
  s.size = static_cast<uint64_t>(st.st_size);
  s.mtime_ns = Nanos(st.st_mtim);
  s.ctime_ns = Nanos(st.st_ctim);
  s.inode = static_cast<uint64_t>(st.st_ino);
  return s;
}

// A folder's entry names, sorted ("." and ".." left out).
std::vector<std::string> FolderNames(const std::string& path) {
  std::vector<std::string> names;
  if (DIR* dir = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// kHash: a file's bytes, a folder's names.
void AddHash(PathStamp* s) {
  if (s->kind == PathStamp::Kind::kFile) {
    std::optional<std::string> bytes = ReadFile(s->path);
    s->hash = bytes ? HashBytes(*bytes) : 0;
  } else if (s->kind == PathStamp::Kind::kFolder) {
    s->hash = HashBytes(Join(FolderNames(s->path), std::string_view("\0", 1)));
  }
}

// Two stamps of one path describe the same thing: stat data (kStat) or
// size and hash (kHash).
bool SameStamp(const PathStamp& a, const PathStamp& b, ChangeCheck check) {
  if (a.kind != b.kind) return false;
  if (a.kind == PathStamp::Kind::kMissing) return true;
  if (check == ChangeCheck::kHash) return a.hash == b.hash && (a.kind == PathStamp::Kind::kFolder || a.size == b.size);
  return a.size == b.size && a.mtime_ns == b.mtime_ns && a.ctime_ns == b.ctime_ns && a.inode == b.inode;
}

bool IsWithin(const std::string& path, const std::string& folder) {
  return path == folder || folder == "/" || (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                                             path[folder.size()] == '/');
}

// Depth-first walk: each folder's entries are stat'ed relative to the open
// folder (fstatat), symbolic links followed; a folder already seen (same
// device and inode: a link cycle) is recorded but not entered again.
struct TreeScanner {
  const std::vector<std::string>& skip;
  ChangeCheck check;
  std::set<std::pair<dev_t, ino_t>> seen;
  std::vector<PathStamp> out;

  bool Skipped(const std::string& path) const {
    for (const std::string& s : skip)
      if (IsWithin(path, s)) return true;
    return false;
  }

  void Folder(const std::string& path, const struct stat& st) {
    out.push_back(FromStat(path, st));
    if (check == ChangeCheck::kHash) AddHash(&out.back());
    if (!seen.insert({st.st_dev, st.st_ino}).second) return;
    DIR* dir = ::opendir(path.c_str());
    if (!dir) return;
    std::vector<std::pair<std::string, struct stat>> folders;
    while (const dirent* e = ::readdir(dir)) {
      std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string child = path == "/" ? "/" + std::string(name) : path + "/" + std::string(name);
      if (Skipped(child)) continue;
      struct stat cst {};
      if (::fstatat(::dirfd(dir), e->d_name, &cst, 0) != 0) {
        out.push_back({child});  // a dangling link: missing
        continue;
      }
      if (S_ISDIR(cst.st_mode)) {
        folders.emplace_back(child, cst);
      } else {
        out.push_back(FromStat(child, cst));
        if (check == ChangeCheck::kHash) AddHash(&out.back());
      }
    }
    ::closedir(dir);
    for (const auto& [child, cst] : folders) Folder(child, cst);
  }
};

std::string Absolute(const std::string& path) {
  std::error_code ec;
  return content::NormPath(std::filesystem::absolute(path.empty() ? "." : path, ec).string());
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(name) + "=" + v + "\n" : "";
}

int64_t UtcNowMicros() { return static_cast<int64_t>(std::time(nullptr)) * 1000000; }

// Article.__init__'s future test, remembered: the earliest article date
// still in the future (with WITH_FUTURE_DATES off, that article turns from
// draft to published when its date passes). Dates with an offset compare
// with the UTC clock, naive ones with the local wall clock, as MakeItem does.
void FindFutureDates(const Site& site, Manifest* m) {
  const Json& with_future = (*site.settings)["WITH_FUTURE_DATES"];
  if (with_future.is_boolean() && with_future.get<bool>()) return;
  int64_t utc_now = UtcNowMicros(), local_now = content::UtcMicros(content::NowLocal());
  for (const auto& o : site.objects) {
    if (o->item.kind != content::ItemKind::kArticle || !o->item.date) continue;
    const content::DateTime& d = *o->item.date;
    if (d.utc_offset) {
      int64_t at = content::UtcMicros(d) - static_cast<int64_t>(*d.utc_offset) * 1000000;
      if (at > utc_now) m->future_aware = std::min(m->future_aware, at);
    } else {
      int64_t at = content::UtcMicros(d);
      if (at > local_now) m->future_naive = std::min(m->future_naive, at);
    }
  }
}

// The folders the build reads whole: PATH (and any ARTICLE_/PAGE_/
// STATIC_PATHS outside it), the theme, the template overrides and the
// fallback templates.
std::vector<std::string> InputRoots(const Site& site) {
  const Settings& s = *site.settings;
  std::string content_root = Absolute(site.content_path);
  std::vector<std::string> roots{content_root};
  for (const char* key : {"ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS"})
    if (s.Has(key) && s[key].is_array())
      for (const Json& p : s[key])
        if (p.is_string()) {
          std::string root = Absolute(site.content_path + "/" + p.get<std::string>());
          if (!IsWithin(root, content_root)) roots.push_back(root);
        }
  if (!IsBuiltinTheme(site.theme_path)) roots.push_back(Absolute(site.theme_path));
  if (s.Has("THEME_TEMPLATES_OVERRIDES") && s["THEME_TEMPLATES_OVERRIDES"].is_array())
    for (const Json& p : s["THEME_TEMPLATES_OVERRIDES"])
      if (p.is_string()) roots.push_back(Absolute(p.get<std::string>()));
  if (std::optional<std::string> simple = PelicanBundledTheme("simple")) roots.push_back(Absolute(*simple + "/templates"));
  return roots;
}

// Every input stamp: the roots scanned, then the read files outside them
// (a {static} link may reach out of PATH); sorted, one stamp per path.
std::vector<PathStamp> ScanInputs(const Site& site, const std::vector<std::string>& skip, ChangeCheck check) {
  std::vector<std::string> roots = InputRoots(site);
  std::vector<PathStamp> stamps;
  for (const std::string& root : roots) {
    std::vector<PathStamp> tree = ScanTree(root, skip, check);
    stamps.insert(stamps.end(), std::make_move_iterator(tree.begin()), std::make_move_iterator(tree.end()));
  }
  for (const auto& o : site.objects) {
    std::string path = Absolute(o->item.source_path);
    bool covered = std::any_of(roots.begin(), roots.end(), [&](const std::string& r) { return IsWithin(path, r); });
    if (!covered) stamps.push_back(StampOf(path, check));
  }
  std::sort(stamps.begin(), stamps.end(), [](const PathStamp& a, const PathStamp& b) { return a.path < b.path; });
  stamps.erase(std::unique(stamps.begin(), stamps.end(),
                           [](const PathStamp& a, const PathStamp& b) { return a.path == b.path; }),
               stamps.end());
  return stamps;
}

// An input touched at or after the build's start: what was read may differ
// from what its stamp says.
const PathStamp* ChangedDuringBuild(const std::vector<PathStamp>& stamps, int64_t start_ns) {
  for (const PathStamp& s : stamps)
    if (s.kind != PathStamp::Kind::kMissing &&
        (static_cast<int64_t>(s.mtime_ns) >= start_ns || static_cast<int64_t>(s.ctime_ns) >= start_ns))
      return &s;
  return nullptr;
}

bool HasErrors(const BuildResult& result) {
  return !result.ok || result.failed_files > 0 ||
         std::any_of(result.messages.begin(), result.messages.end(),
                     [](const BuildMessage& m) { return m.severity == Severity::kError; });
}

// Stats paths relative to their folder, kept open (O_PATH) while the next
// paths share it: stamps sorted by path mostly do, and the kernel then
// looks up one name instead of the whole path.
class FolderStat {
 public:
  FolderStat() = default;
  FolderStat(const FolderStat&) = delete;
  FolderStat& operator=(const FolderStat&) = delete;
  ~FolderStat() { Close(); }

  PathStamp Stamp(const std::string& path) {
    size_t slash = path.rfind('/');
    struct stat st {};
    int rc;
    if (slash == std::string::npos || slash == 0 || !Open(path, slash)) rc = ::stat(path.c_str(), &st);
    else rc = ::fstatat(fd_, path.c_str() + slash + 1, &st, 0);
    return rc == 0 ? FromStat(path, st) : PathStamp{path};
  }

 private:
  bool Open(const std::string& path, size_t slash) {
    if (fd_ >= 0 && folder_.size() == slash && path.compare(0, slash, folder_) == 0) return true;
    Close();
    folder_ = path.substr(0, slash);
    fd_ = ::open(folder_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    return fd_ >= 0;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::string folder_;
  int fd_ = -1;
};

}  // namespace

PathStamp StampOf(const std::string& path, ChangeCheck check) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return PathStamp{path};
  PathStamp s = FromStat(path, st);
  if (check == ChangeCheck::kHash) AddHash(&s);
  return s;
}

std::vector<PathStamp> ScanTree(const std::string& root, const std::vector<std::string>& skip, ChangeCheck check) {
  TreeScanner scanner{skip, check, {}, {}};
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) return {PathStamp{root}};
  if (S_ISDIR(st.st_mode)) scanner.Folder(root, st);
  else scanner.out.push_back(StampOf(root, check));
  std::sort(scanner.out.begin(), scanner.out.end(),
            [](const PathStamp& a, const PathStamp& b) { return a.path < b.path; });
  return std::move(scanner.out);
}

// The stamps are checked in blocks handed out to the workers (each block
// stat'ing relative to open folders); once one differs the remaining
// blocks are skipped. With kHash, a file whose size changed is not read.
std::optional<size_t> FirstChanged(const std::vector<PathStamp>& stamps, ChangeCheck check, int threads) {
  constexpr size_t kBlock = 256;
  size_t blocks = (stamps.size() + kBlock - 1) / kBlock;
  std::atomic<size_t> changed{SIZE_MAX};
  ParallelFor(blocks, threads, [&](size_t, size_t block) {
    FolderStat folders;
    for (size_t i = block * kBlock; i < std::min(stamps.size(), (block + 1) * kBlock); ++i) {
      if (changed.load(std::memory_order_relaxed) != SIZE_MAX) return;
      const PathStamp& old = stamps[i];
      PathStamp now = folders.Stamp(old.path);
      bool same = check == ChangeCheck::kStat ? SameStamp(old, now, check)
                                              : now.kind == old.kind && (now.kind != PathStamp::Kind::kFile || now.size == old.size);
      if (same && check == ChangeCheck::kHash) {
        AddHash(&now);
        same = SameStamp(old, now, check);
      }
      if (!same) {
        size_t expected = SIZE_MAX;
        changed.compare_exchange_strong(expected, i);
        return;
      }
    }
  });
  if (changed.load() == SIZE_MAX) return std::nullopt;
  return changed.load();
}

std::string EncodeManifest(const Manifest& m) {
  Encoder out;
  out.out() = std::string(kMagic);
  out.U64(m.key);
  out.U64(static_cast<uint64_t>(m.check));
  out.U64(static_cast<uint64_t>(m.future_aware));
  out.U64(static_cast<uint64_t>(m.future_naive));
  const BuildCounts& c = m.counts;
  for (int v : {c.articles, c.drafts, c.hidden_articles, c.pages, c.hidden_pages, c.draft_pages, c.files_written})
    out.U64(static_cast<uint64_t>(v));
  out.U64(m.messages.size());
  for (const BuildMessage& msg : m.messages) {
    out.U64(static_cast<uint64_t>(msg.severity));
    out.Str(msg.text);
  }
  for (const std::vector<PathStamp>* list : {&m.inputs, &m.outputs}) {
    out.U64(list->size());
    for (const PathStamp& s : *list) out.Stamp(s);
  }
  return std::move(out.out());
}

std::optional<Manifest> DecodeManifest(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  Decoder in(data.substr(kMagic.size()));
  Manifest m;
  m.key = in.U64();
  m.check = in.U64() == 0 ? ChangeCheck::kStat : ChangeCheck::kHash;
  m.future_aware = static_cast<int64_t>(in.U64());
  m.future_naive = static_cast<int64_t>(in.U64());
  BuildCounts& c = m.counts;
  for (int* v : {&c.articles, &c.drafts, &c.hidden_articles, &c.pages, &c.hidden_pages, &c.draft_pages, &c.files_written})
    *v = static_cast<int>(in.U64());
  for (uint64_t n = in.Count(); in.ok() && n > 0; --n) {
    BuildMessage msg;
    msg.severity = static_cast<Severity>(in.U64());
    msg.text = in.Str();
    m.messages.push_back(std::move(msg));
  }
  for (std::vector<PathStamp>* list : {&m.inputs, &m.outputs})
    for (uint64_t n = in.Count(); in.ok() && n > 0; --n) list->push_back(in.Stamp());
  if (!in.ok() || !in.done()) return std::nullopt;
  return m;
}

std::string ManifestPath(const Settings& settings) {
  return content::NormPath(SettingText(settings, "CACHE_PATH", "cache") + "/" + kFileName);
}

ChangeCheck CheckMethod(const Settings& settings) {
  std::string method = SettingText(settings, "CHECK_MODIFIED_METHOD", "mtime");
  return method == "mtime" ? ChangeCheck::kStat : ChangeCheck::kHash;
}

uint64_t ManifestKey(const Settings& settings) {
  std::string text(kMagic);
  text += EngineIdentity() + "\n" + settings.values.dump() + "\n" + Absolute(".") + "\n" +
          content::IsoFormat(Today()) + "\n";
  for (const char* name : {"TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "LC_CTYPE", "LC_COLLATE"}) text += Env(name);
  return HashBytes(text);
}

int64_t FileClockNow() {
  struct timespec t {};
  ::clock_gettime(CLOCK_REALTIME_COARSE, &t);
  return static_cast<int64_t>(Nanos(t));
}

ManifestUse ManifestUseFor(const Settings& settings, const BuildOptions& options) {
  ManifestUse use;
  if (options.fixed_now || Truthy(settings["WRITE_SELECTED"])) return use;
  use.load = Truthy(settings["LOAD_CONTENT_CACHE"]) && !options.ignore_cache;
  use.save = Truthy(settings["CACHE_CONTENT"]);
  return use;
}

std::optional<BuildResult> UpToDateResult(const Settings& settings, int threads, std::string* why) {
  std::optional<std::string> data = ReadFile(ManifestPath(settings));
  if (!data) return *why = "no build manifest", std::nullopt;
  std::optional<Manifest> m = DecodeManifest(*data);
  if (!m) return *why = "the build manifest is damaged", std::nullopt;
  if (m->key != ManifestKey(settings)) return *why = "the engine, the settings or the date changed", std::nullopt;
  if (m->check != CheckMethod(settings)) return *why = "CHECK_MODIFIED_METHOD changed", std::nullopt;
  if (m->future_aware <= UtcNowMicros() || m->future_naive <= content::UtcMicros(content::NowLocal()))
    return *why = "a future-dated article is due", std::nullopt;
  if (std::optional<size_t> i = FirstChanged(m->inputs, m->check, threads))
    return *why = "input changed: " + m->inputs[*i].path, std::nullopt;
  if (std::optional<size_t> i = FirstChanged(m->outputs, ChangeCheck::kStat, threads))
    return *why = "output changed: " + m->outputs[*i].path, std::nullopt;
  BuildResult result;
  result.counts = m->counts;
  result.messages = std::move(m->messages);
  *why = std::to_string(m->inputs.size()) + " inputs, " + std::to_string(m->outputs.size()) + " outputs unchanged";
  return result;
}

bool RecordManifest(const Site& site, const BuildResult& result, int64_t start_ns, std::string* why) {
  if (HasErrors(result)) return *why = "the build had errors", false;
  const Settings& settings = *site.settings;
  Manifest m;
  m.key = ManifestKey(settings);
  m.check = CheckMethod(settings);
  m.counts = result.counts;
  m.messages = result.messages;
  FindFutureDates(site, &m);
  std::string output = Absolute(site.output_path), cache = Absolute(SettingText(settings, "CACHE_PATH", "cache"));
  m.inputs = ScanInputs(site, {output, cache}, m.check);
  if (const PathStamp* s = ChangedDuringBuild(m.inputs, start_ns))
    return *why = s->path + " changed while the site was built", false;
  m.outputs = ScanTree(output, {cache}, ChangeCheck::kStat);
  std::string error;
  if (!WriteFileAtomic(ManifestPath(settings), EncodeManifest(m), &error)) return *why = error, false;
  return true;
}

}  // namespace stacks::site
