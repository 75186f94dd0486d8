#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"

namespace stacks {

// One open, one fstat for the size, then read() straight into the string
// until end of file (a file that grows meanwhile is read to its new end).
std::optional<std::string> ReadFile(const std::string& path, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  size_t expected = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  std::string data(expected + 1, '\0');  // one spare byte shows end of file without a second call
  size_t used = 0;
  for (;;) {
    if (used == data.size()) data.resize(data.size() * 2 + 4096);
    ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (error) *error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(used);
  return data;
}

// A regular file of the same size (stat, before opening: a FIFO would block
// the open); then 256 KB blocks read and compared in turn.
bool FileHasContent(const std::string& path, std::string_view data) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) != data.size())
    return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool same = true;
  std::string block(std::min<size_t>(data.size() + 1, 256 * 1024), '\0');
  size_t compared = 0;
  while (same) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      same = n == 0 && compared == data.size();
      break;
    }
    size_t got = static_cast<size_t>(n);
    same = compared + got <= data.size() && std::memcmp(block.data(), data.data() + compared, got) == 0;
    compared += got;
  }
  ::close(fd);
  return same;
}

FileUpdater::FileUpdater(std::string path) : path_(std::move(path)) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {  // stat first: opening a FIFO blocks
    old_fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    old_size_ = static_cast<size_t>(st.st_size);
  }
}

FileUpdater::~FileUpdater() {
  if (old_fd_ >= 0) ::close(old_fd_);
  if (out_) {
    std::fclose(out_);
    std::remove(tmp_.c_str());
  }
}

bool FileUpdater::Write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out_) == bytes.size()) return true;
  error_ = std::strerror(errno);
  return false;
}

// The temporary starts with the `equal_` bytes already matched, read back
// from the old file.
bool FileUpdater::StartTemporary() {
  std::error_code ec;
  std::filesystem::path target(path_);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  tmp_ = path_ + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(reinterpret_cast<uintptr_t>(this));
  out_ = std::fopen(tmp_.c_str(), "wb");
  if (!out_) {
    error_ = std::strerror(errno);
    return false;
  }
  block_.resize(256 * 1024);
  for (size_t copied = 0; copied < equal_;) {
    ssize_t n = ::pread(old_fd_, block_.data(), std::min(block_.size(), equal_ - copied), static_cast<off_t>(copied));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? std::strerror(errno) : "file shrank while being compared";
      return false;
    }
    if (!Write(std::string_view(block_.data(), static_cast<size_t>(n)))) return false;
    copied += static_cast<size_t>(n);
  }
  return true;
}

// Compares the piece with the old file's next bytes; at the first difference
// (or without an old file) switches to writing.
void FileUpdater::Append(std::string_view piece) {
  if (failed_ || piece.empty()) return;
  if (!out_ && old_fd_ >= 0 && equal_ + piece.size() <= old_size_) {
    size_t checked = 0;
    while (checked < piece.size()) {
      size_t want = std::min<size_t>(piece.size() - checked, 256 * 1024);
      block_.resize(std::max(block_.size(), want));
      ssize_t n = ::pread(old_fd_, block_.data(), want, static_cast<off_t>(equal_ + checked));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || std::memcmp(block_.data(), piece.data() + checked, static_cast<size_t>(n)) != 0) break;
      checked += static_cast<size_t>(n);
    }
    if (checked == piece.size()) {
      equal_ += piece.size();
      return;
    }
  }
  if (!out_ && !StartTemporary()) {
    failed_ = true;
    return;
  }
  if (!Write(piece)) failed_ = true;
}

FileUpdater::Outcome FileUpdater::Finish(std::string* error) {
  if (!failed_ && !out_ && old_fd_ >= 0 && equal_ == old_size_) return Outcome::kUnchanged;
  if (!failed_ && !out_ && !StartTemporary()) failed_ = true;  // shorter than the old file, or no old file
  bool ok = !failed_ && out_;
  if (out_ && std::fclose(out_) != 0 && ok) {
    error_ = std::strerror(errno);
    ok = false;
  }
  out_ = nullptr;
  if (ok && std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    error_ = std::strerror(errno);
    ok = false;
  }
  if (!ok) {
    std::remove(tmp_.c_str());
    if (error) *error = error_.empty() ? "write failed" : error_;
    return Outcome::kFailed;
  }
  return Outcome::kWritten;
}

// Write to "<path>.tmp.<pid>" in the same folder, flush, then rename: rename
// within one file system replaces the target in one step.
bool WriteFileAtomic(const std::string& path, std::string_view data, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    if (error) *error = std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (std::fclose(f) == 0) && ok;
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) ok = false;
  if (!ok) {
    if (error) *error = std::strerror(errno);
    std::remove(tmp.c_str());
  }
  return ok;
}

}  // namespace stacks
