// Python ints beyond 64 bits: a sign and a magnitude in base 2^32, enough
// for what templates compute (+, -, *, //, %, ** and printing). Values keep
// ints that fit in int64 as int64; a BigInt only holds larger ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stacks::tmpl {

class BigInt {
 public:
  BigInt() = default;
  explicit BigInt(int64_t v);
  /// Decimal digits with an optional sign ("-123"); nullopt otherwise.
  static std::optional<BigInt> Parse(std::string_view text);

  bool IsZero() const { return mag_.empty(); }
  bool IsNegative() const { return negative_; }
  bool IsOdd() const { return !mag_.empty() && (mag_[0] & 1); }
  /// The value when it fits in int64.
  std::optional<int64_t> ToInt64() const;
  /// The nearest double (±inf beyond its range).
  double ToDouble() const;
  /// Decimal text, as Python's str(int).
  std::string ToString() const;
  /// <0, 0, >0.
  int Compare(const BigInt& other) const;
  size_t BitLength() const;

  BigInt operator-() const;
  friend BigInt operator+(const BigInt& a, const BigInt& b);
  friend BigInt operator-(const BigInt& a, const BigInt& b);
  friend BigInt operator*(const BigInt& a, const BigInt& b);
  /// Python's floor division and modulo (the remainder takes the divisor's
  /// sign); `b` must not be zero.
  static void FloorDivMod(const BigInt& a, const BigInt& b, BigInt& quotient, BigInt& remainder);
  /// a ** e for e >= 0.
  static BigInt Pow(const BigInt& a, uint64_t e);

 private:
  using Mag = std::vector<uint32_t>;  // little-endian, no leading zero limbs
  static int CompareMag(const Mag& a, const Mag& b);
  static Mag AddMag(const Mag& a, const Mag& b);
  static Mag SubMag(const Mag& a, const Mag& b);  // requires a >= b
  static Mag MulMag(const Mag& a, const Mag& b);
  static void DivModMag(const Mag& a, const Mag& b, Mag& q, Mag& r);
  static uint32_t DivSmall(Mag& a, uint32_t d);  // a /= d, returns the remainder
  static void Trim(Mag& m);
  static BigInt Make(bool negative, Mag mag);

  bool negative_ = false;
  Mag mag_;
};

}  // namespace stacks::tmpl
