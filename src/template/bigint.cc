// Arbitrary-precision integers: schoolbook algorithms on 32-bit limbs
// (templates only meet a few such numbers, so simplicity wins over speed).
#include "template/bigint.h"

#include <algorithm>
#include <cmath>

namespace stacks::tmpl {

BigInt::BigInt(int64_t v) {
  negative_ = v < 0;
  // The magnitude of INT64_MIN does not fit in int64: work in uint64.
  uint64_t m = negative_ ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
  while (m) {
    mag_.push_back(static_cast<uint32_t>(m));
    m >>= 32;
  }
}

BigInt BigInt::Make(bool negative, Mag mag) {
  BigInt b;
  Trim(mag);
  b.negative_ = negative && !mag.empty();
  b.mag_ = std::move(mag);
  return b;
}

void BigInt::Trim(Mag& m) {
  while (!m.empty() && m.back() == 0) m.pop_back();
}

// Digits are folded in one at a time: m = m * 10 + digit.
std::optional<BigInt> BigInt::Parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Mag m;
  for (char c : text) {
    if (c == '_') continue;
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t carry = static_cast<uint64_t>(c - '0');
    for (uint32_t& limb : m) {
      uint64_t x = uint64_t{limb} * 10 + carry;
      limb = static_cast<uint32_t>(x);
      carry = x >> 32;
    }
    if (carry) m.push_back(static_cast<uint32_t>(carry));
  }
  return Make(negative, std::move(m));
}

std::optional<int64_t> BigInt::ToInt64() const {
  if (mag_.size() > 2) return std::nullopt;
  uint64_t m = 0;
  for (size_t i = mag_.size(); i-- > 0;) m = (m << 32) | mag_[i];
  if (!negative_) {
    if (m > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(m);
  }
  if (m > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
  return static_cast<int64_t>(~m + 1);
}

// Correctly rounded: the top 64 bits, with a sticky low bit standing for
// any nonzero bits below them, converted once and scaled by 2^shift.
double BigInt::ToDouble() const {
  size_t bits = BitLength();
  size_t shift = bits > 64 ? bits - 64 : 0;
  uint64_t top = 0;
  bool sticky = false;
  for (size_t i = 0; i < 64 && shift + i < bits; ++i)
    if ((mag_[(shift + i) / 32] >> ((shift + i) % 32)) & 1) top |= uint64_t{1} << i;
  for (size_t i = 0; i < shift && !sticky; ++i) sticky = (mag_[i / 32] >> (i % 32)) & 1;
  if (sticky) top |= 1;
  double d = std::ldexp(static_cast<double>(top), static_cast<int>(shift));
  return negative_ ? -d : d;
}

// Nine decimal digits at a time: repeated division by 10^9.
std::string BigInt::ToString() const {
  if (mag_.empty()) return "0";
  Mag m = mag_;
  std::vector<uint32_t> chunks;
  while (!m.empty()) {
    chunks.push_back(DivSmall(m, 1000000000u));
    Trim(m);
  }
  std::string out = negative_ ? "-" : "";
  out += std::to_string(chunks.back());
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out += std::string(9 - part.size(), '0') + part;
  }
  return out;
}

uint32_t BigInt::DivSmall(Mag& a, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = a.size(); i-- > 0;) {
    uint64_t cur = (rem << 32) | a[i];
    a[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  return static_cast<uint32_t>(rem);
}

int BigInt::CompareMag(const Mag& a, const Mag& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

int BigInt::Compare(const BigInt& other) const {
  if (negative_ != other.negative_) return negative_ ? -1 : 1;
  int c = CompareMag(mag_, other.mag_);
  return negative_ ? -c : c;
}

size_t BigInt::BitLength() const {
  if (mag_.empty()) return 0;
  size_t bits = (mag_.size() - 1) * 32;
  for (uint32_t top = mag_.back(); top; top >>= 1) ++bits;
  return bits;
}

BigInt::Mag BigInt::AddMag(const Mag& a, const Mag& b) {
  Mag out(std::max(a.size(), b.size()) + 1, 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    uint64_t x = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    out[i] = static_cast<uint32_t>(x);
    carry = x >> 32;
  }
  Trim(out);
  return out;
}

BigInt::Mag BigInt::SubMag(const Mag& a, const Mag& b) {
  Mag out(a.size(), 0);
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t x = int64_t{a[i]} - borrow - (i < b.size() ? int64_t{b[i]} : 0);
    borrow = x < 0;
    if (x < 0) x += int64_t{1} << 32;
    out[i] = static_cast<uint32_t>(x);
  }
  Trim(out);
  return out;
}

BigInt::Mag BigInt::MulMag(const Mag& a, const Mag& b) {
  if (a.empty() || b.empty()) return {};
  Mag out(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      uint64_t x = uint64_t{a[i]} * b[j] + out[i + j] + carry;
      out[i + j] = static_cast<uint32_t>(x);
      carry = x >> 32;
    }
    out[i + b.size()] = static_cast<uint32_t>(carry);
  }
  Trim(out);
  return out;
}

// Binary long division: the remainder takes one bit of `a` at a time, from
// the top, and the divisor is subtracted whenever it fits.
void BigInt::DivModMag(const Mag& a, const Mag& b, Mag& q, Mag& r) {
  q.assign(a.size(), 0);
  r.clear();
  if (b.size() == 1) {
    Mag copy = a;
    uint32_t rem = DivSmall(copy, b[0]);
    q = std::move(copy);
    Trim(q);
    if (rem) r.push_back(rem);
    return;
  }
  for (size_t bit = a.size() * 32; bit-- > 0;) {
    // r = r * 2 + next bit of a
    uint32_t carry = (a[bit / 32] >> (bit % 32)) & 1;
    for (uint32_t& limb : r) {
      uint32_t top = limb >> 31;
      limb = (limb << 1) | carry;
      carry = top;
    }
    if (carry) r.push_back(carry);
    if (CompareMag(r, b) >= 0) {
      r = SubMag(r, b);
      q[bit / 32] |= uint32_t{1} << (bit % 32);
    }
  }
  Trim(q);
}

BigInt BigInt::operator-() const { return Make(!negative_, mag_); }

BigInt operator+(const BigInt& a, const BigInt& b) {
  if (a.negative_ == b.negative_) return BigInt::Make(a.negative_, BigInt::AddMag(a.mag_, b.mag_));
  // Different signs: the larger magnitude wins.
  if (BigInt::CompareMag(a.mag_, b.mag_) >= 0) return BigInt::Make(a.negative_, BigInt::SubMag(a.mag_, b.mag_));
  return BigInt::Make(b.negative_, BigInt::SubMag(b.mag_, a.mag_));
}

BigInt operator-(const BigInt& a, const BigInt& b) { return a + (-b); }

BigInt operator*(const BigInt& a, const BigInt& b) {
  return BigInt::Make(a.negative_ != b.negative_, BigInt::MulMag(a.mag_, b.mag_));
}

// Truncated division of the magnitudes, then Python's flooring: when the
// signs differ and something remains, q -= 1 and r += b.
void BigInt::FloorDivMod(const BigInt& a, const BigInt& b, BigInt& quotient, BigInt& remainder) {
  Mag q, r;
  DivModMag(a.mag_, b.mag_, q, r);
  quotient = Make(a.negative_ != b.negative_, std::move(q));
  remainder = Make(a.negative_, std::move(r));
  if (!remainder.IsZero() && a.negative_ != b.negative_) {
    quotient = quotient - BigInt(1);
    remainder = remainder + b;
  }
}

// Square-and-multiply over the bits of e.
BigInt BigInt::Pow(const BigInt& a, uint64_t e) {
  BigInt result(1), base = a;
  while (e) {
    if (e & 1) result = result * base;
    e >>= 1;
    if (e) base = base * base;
  }
  return result;
}

}  // namespace stacks::tmpl
