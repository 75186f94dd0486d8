#include <algorithm>
#include <atomic>
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

namespace {

// ---- temporaries for atomic writes ------------------------------------------------
//
// A file for `path` is written first as an unnamed file in its folder
// (O_TMPFILE), or, where the file system cannot make one, as a named
// temporary beside it. Publishing gives it the name `path` in one step: an
// unnamed file is linked there when nothing has that name yet (one system
// call, and readers never see it half written); otherwise it is linked
// under a temporary name that is renamed over the old file.

std::string FolderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A name beside `path` that no other writer of this process uses.
std::string TemporaryName(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

// An unnamed file is named through /proc/self/fd, so it is used only when
// that is there.
bool CanNameUnnamedFiles() {
  static const bool can = ::access("/proc/self/fd", X_OK) == 0;
  return can;
}

int OpenTemporaryIn(const std::string& folder, const std::string& path, std::string* tmp_name) {
  if (CanNameUnnamedFiles()) {
    int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd >= 0) {
      tmp_name->clear();
      return fd;
    }
    if (errno == ENOENT) return -1;
  }
  *tmp_name = TemporaryName(path);
  return ::open(tmp_name->c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
}

// The temporary's descriptor; `tmp_name` is left empty for an unnamed file.
// Missing folders are made when the first try finds none.
int CreateTemporary(const std::string& path, std::string* tmp_name, std::string* error) {
  std::string folder = FolderOf(path);
  int fd = OpenTemporaryIn(folder, path, tmp_name);
  if (fd < 0 && errno == ENOENT) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    fd = OpenTemporaryIn(folder, path, tmp_name);
  }
  if (fd < 0) *error = std::strerror(errno);
  return fd;
}

bool PublishTemporary(int fd, const std::string& tmp_name, const std::string& path, std::string* error) {
  if (!tmp_name.empty()) {
    if (std::rename(tmp_name.c_str(), path.c_str()) == 0) return true;
    *error = std::strerror(errno);
    ::unlink(tmp_name.c_str());
    return false;
  }
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
  if (errno != EEXIST) {
    *error = std::strerror(errno);
    return false;
  }
  std::string named = TemporaryName(path);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  return PublishTemporary(fd, named, path, error);
}

// write() until all of `data` is written.
bool WriteAll(int fd, std::string_view data, std::string* error) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = n < 0 ? std::strerror(errno) : "nothing written";
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

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
    if (!tmp_.empty()) std::remove(tmp_.c_str());
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
  int fd = CreateTemporary(path_, &tmp_, &error_);
  if (fd < 0) return false;
  out_ = ::fdopen(fd, "wb");
  if (!out_) {
    error_ = std::strerror(errno);
    ::close(fd);
    if (!tmp_.empty()) std::remove(tmp_.c_str());
    return false;
  }
  block_.resize(std::min<size_t>(equal_, 256 * 1024));
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
  if (ok && std::fflush(out_) != 0) {
    error_ = std::strerror(errno);
    ok = false;
  }
  if (ok) ok = PublishTemporary(fileno(out_), tmp_, path_, &error_);
  if (out_ && std::fclose(out_) != 0 && ok) {
    error_ = std::strerror(errno);
    ok = false;
  }
  out_ = nullptr;
  if (!ok) {
    if (!tmp_.empty()) std::remove(tmp_.c_str());
    if (error) *error = error_.empty() ? "write failed" : error_;
    return Outcome::kFailed;
  }
  return Outcome::kWritten;
}

// The data goes to a temporary in the target's folder (see
// CreateTemporary) that is then given the target's name in one step.
bool WriteFileAtomic(const std::string& path, std::string_view data, std::string* error) {
  std::string tmp_name, why;
  int fd = CreateTemporary(path, &tmp_name, &why);
  bool ok = fd >= 0 && WriteAll(fd, data, &why) && PublishTemporary(fd, tmp_name, path, &why);
  if (fd >= 0 && ::close(fd) != 0 && ok) {
    why = std::strerror(errno);
    ok = false;
  }
  if (!ok && fd >= 0 && !tmp_name.empty()) ::unlink(tmp_name.c_str());
  if (!ok && error) *error = why;
  return ok;
}

}  // namespace stacks
