// Private to src/site: the little-endian binary format of the content cache
// and the build manifest. Integers are 8 bytes, strings a length then bytes.
// Each file's own records (cache entries, path stamps) are built on these.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stacks::site {

class BinaryWriter {
 public:
  void U64(uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    out_.append(bytes, 8);
  }
  void Int(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Reads what BinaryWriter wrote; a read past the end makes ok() false and
// every later read return zero or empty.
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint64_t U64() {
    if (in_.size() - pos_ < 8) return Fail();
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  int64_t Int() { return static_cast<int64_t>(U64()); }
  std::string Str() {
    uint64_t n = U64();
    if (!ok_ || in_.size() - pos_ < n) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count no larger than the bytes left (a damaged file cannot make us
  // loop or allocate much).
  uint64_t Count() {
    uint64_t n = U64();
    return n <= in_.size() - pos_ ? n : Fail();
  }
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace stacks::site
