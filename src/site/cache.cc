// The content cache (see cache.h). On disk: a magic line, the cache key,
// then one record per file: its path, its file key and the reader's result
// (ok, content, error, warnings, metadata with each value's kind), numbers
// as fixed-width little-endian integers and strings as length + bytes. A
// file that does not parse, or has another key, is an empty cache.
#include "site/cache.h"

#include <sys/stat.h>
#include <xxhash.h>

#include <cstring>
#include <filesystem>

#include "base/base.h"
#include "site/binary_codec.h"
#include "site/build_internal.h"

namespace stacks::site {
namespace {

constexpr std::string_view kMagic = "stacks content cache 1\n";
constexpr const char* kFileName = "stacks-content.cache";
// Encoded entries are handed to the file in pieces of about this size.
constexpr size_t kFlushBytes = 1 << 20;
// Settings that steer the cache itself, not what the reader makes.
const char* const kCacheSettings[] = {"CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CACHE_PATH", "GZIP_CACHE",
                                      "CHECK_MODIFIED_METHOD", "CONTENT_CACHING_LAYER"};

// ---- encoding ------------------------------------------------------------------

class Encoder : public BinaryWriter {
 public:
  void Date(const content::DateTime& d) {
    for (int v : {d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond}) Int(v);
    Int(d.utc_offset.has_value());
    Int(d.utc_offset.value_or(0));
    Str(d.tz_name);
  }
  void Meta(const content::MetaValue& v) {
    Int(static_cast<int>(v.kind));
    Str(v.text);
    U64(v.list.size());
    for (const std::string& s : v.list) Str(s);
    Date(v.date);
  }
  void Result(const content::ReadResult& r) {
    Int(r.ok);
    Str(r.content);
    Str(r.error);
    U64(r.warnings.size());
    for (const std::string& w : r.warnings) Str(w);
    U64(r.metadata.entries().size());
    for (const auto& [key, value] : r.metadata.entries()) {
      Str(key);
      Meta(value);
    }
  }
};

// Reads what Encoder wrote.
class Decoder : public BinaryReader {
 public:
  using BinaryReader::BinaryReader;
  content::DateTime Date() {
    content::DateTime d;
    for (int* v : {&d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second, &d.microsecond})
      *v = static_cast<int>(Int());
    bool has_offset = Int() != 0;
    int offset = static_cast<int>(Int());
    if (has_offset) d.utc_offset = offset;
    d.tz_name = Str();
    return d;
  }
  content::MetaValue Meta() {
    content::MetaValue v;
    v.kind = static_cast<content::MetaValue::Kind>(Int());
    v.text = Str();
    for (uint64_t n = Count(); ok() && n > 0; --n) v.list.push_back(Str());
    v.date = Date();
    return v;
  }
  content::ReadResult Result() {
    content::ReadResult r;
    r.ok = Int() != 0;
    r.content = Str();
    r.error = Str();
    for (uint64_t n = Count(); ok() && n > 0; --n) r.warnings.push_back(Str());
    for (uint64_t n = Count(); ok() && n > 0; --n) {
      std::string key = Str();
      r.metadata.Set(key, Meta());
    }
    return r;
  }
};

uint64_t CacheKey(const Settings& settings, const content::DateTime& today) {
  Json values = settings.values;
  for (const char* key : kCacheSettings) values.erase(key);
  std::string text = std::string(kMagic) + EngineIdentity() + "\n" + values.dump() + "\n" + content::IsoFormat(today);
  return HashBytes(text);
}

}  // namespace

// The executable's size, mtime and inode (a rebuilt engine may read and
// render differently).
std::string EngineIdentity() {
  struct stat st {};
  if (::stat("/proc/self/exe", &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino);
}

uint64_t HashBytes(std::string_view data, uint64_t seed) { return XXH3_64bits_withSeed(data.data(), data.size(), seed); }

ContentCache::ContentCache(const Settings& settings, const content::DateTime& today, bool load, bool save)
    : path_(content::NormPath(SettingText(settings, "CACHE_PATH", "cache") + "/" + kFileName)),
      key_(CacheKey(settings, today)),
      save_(save),
      fs_dates_(settings.Has("DEFAULT_DATE") && settings["DEFAULT_DATE"] == "fs") {
  if (load && !Load()) loaded_.clear();
}

bool ContentCache::Load() {
  std::optional<std::string> data = ReadFile(path_);
  if (!data || data->compare(0, kMagic.size(), kMagic) != 0) return false;
  Decoder in(std::string_view(*data).substr(kMagic.size()));
  if (in.U64() != key_) return false;
  while (in.ok() && !in.done()) {
    std::string path = in.Str();
    Entry e;
    e.file_key = in.U64();
    e.result = std::make_shared<const content::ReadResult>(in.Result());
    if (in.ok()) loaded_[path] = std::move(e);
  }
  return in.ok();
}

uint64_t ContentCache::FileKey(const std::string& full_path, std::string_view bytes) const {
  uint64_t seed = 0;
  struct stat st {};
  if (fs_dates_ && ::stat(full_path.c_str(), &st) == 0)
    seed = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(st.st_mtim.tv_nsec);
  return HashBytes(bytes, seed);
}

std::shared_ptr<const content::ReadResult> ContentCache::Find(const std::string& relative_path,
                                                              uint64_t file_key) const {
  auto it = loaded_.find(relative_path);
  if (it == loaded_.end() || it->second.file_key != file_key) return nullptr;
  ++hits_;
  return it->second.result;
}

void ContentCache::Store(const std::string& relative_path, uint64_t file_key,
                         std::shared_ptr<const content::ReadResult> result) {
  if (!save_) return;
  auto it = loaded_.find(relative_path);
  bool same = it != loaded_.end() && it->second.file_key == file_key && it->second.result == result;
  std::lock_guard<std::mutex> lock(mutex_);
  changed_ = changed_ || !same;
  stored_[relative_path] = {file_key, std::move(result)};
}

// The file is streamed through a FileUpdater one entry at a time, so no
// second copy of every content is held, and an unchanged file is not rewritten.
bool ContentCache::Save(std::string* error) const {
  if (!save_) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!changed_ && stored_.size() == loaded_.size()) return true;  // the file on disk holds all this already
  FileUpdater file(path_);
  Encoder out;
  out.out() = std::string(kMagic);
  out.U64(key_);
  for (const auto& [path, e] : stored_) {
    out.Str(path);
    out.U64(e.file_key);
    out.Result(*e.result);
    if (out.out().size() >= kFlushBytes) {
      file.Append(out.out());
      out.out().clear();
    }
  }
  file.Append(out.out());
  return file.Finish(error) != FileUpdater::Outcome::kFailed;
}

}  // namespace stacks::site
