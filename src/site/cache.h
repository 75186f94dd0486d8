// The content cache across builds (Pelican's CACHE_CONTENT /
// LOAD_CONTENT_CACHE / CACHE_PATH): what the reader made of each source
// file, so an unchanged file is not read and converted again.
//
// An entry is found by the file's path and the xxHash of its bytes (and its
// mtime when DEFAULT_DATE is 'fs'). The whole cache belongs to one engine
// build and one set of settings: its key hashes the engine's version and
// executable, the settings (the cache's own keys left out) and today's date
// (dates missing fields default to it). A cache with another key is not
// used, so a settings change re-reads everything.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "content/content.h"
#include "site/settings.h"

namespace stacks::site {

/// What identifies the running engine's executable (its size, mtime and
/// inode), for cache keys.
std::string EngineIdentity();

/// xxHash3 (64 bits) of `data`.
uint64_t HashBytes(std::string_view data, uint64_t seed = 0);

class ContentCache {
 public:
  /// The cache of CACHE_PATH for these settings: loaded when `load`
  /// (LOAD_CONTENT_CACHE and no --ignore-cache), written by Save when
  /// `save` (CACHE_CONTENT).
  ContentCache(const Settings& settings, const content::DateTime& today, bool load, bool save);

  bool saving() const { return save_; }
  /// The key of a source file: its bytes' hash (with its mtime when the
  /// settings date files by it).
  uint64_t FileKey(const std::string& full_path, std::string_view bytes) const;
  /// The reader's result cached for `relative_path` with `file_key`.
  std::shared_ptr<const content::ReadResult> Find(const std::string& relative_path, uint64_t file_key) const;
  /// Keeps `result` for the next build (thread-safe).
  void Store(const std::string& relative_path, uint64_t file_key, std::shared_ptr<const content::ReadResult> result);
  /// Writes the entries stored in this build (files no longer read are
  /// dropped); false with `error` when the file cannot be written.
  bool Save(std::string* error) const;

  int loaded() const { return static_cast<int>(loaded_.size()); }
  int hits() const { return hits_; }

 private:
  struct Entry {
    uint64_t file_key = 0;
    std::shared_ptr<const content::ReadResult> result;
  };
  bool Load();

  std::string path_;
  uint64_t key_ = 0;
  bool save_ = false;
  bool fs_dates_ = false;
  std::map<std::string, Entry> loaded_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> stored_;
  bool changed_ = false;  // an entry stored differs from the loaded one
  mutable std::atomic<int> hits_{0};
};

}  // namespace stacks::site
