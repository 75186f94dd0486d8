// python-dateutil's parser (dateutil/parser/_parser.py, the default
// parserinfo: English names, dayfirst=False, yearfirst=False) and Pelican's
// get_date.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "base/base.h"
#include "content/content.h"

namespace stacks::content {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The inverse (Howard Hinnant's civil_from_days).
void CivilFromDays(long days, int* year, int* month, int* day) {
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long doe = days - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(yoe + era * 400 + (*month <= 2));
}

int Weekday(int year, int month, int day) {
  long days = DaysFromCivil(year, month, day);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

int DayOfYear(int year, int month, int day) {
  return static_cast<int>(DaysFromCivil(year, month, day) - DaysFromCivil(year, 1, 1)) + 1;
}

namespace {

struct ParseFailure {};

// ---- tokens (dateutil's _timelex) --------------------------------------------

bool IsAlpha(char32_t c) { return c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : c >= 0xc0 && c != 0xd7 && c != 0xf7; }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsSpace(char32_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0xa0; }

std::vector<std::string> SplitDecimal(const std::string& token) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : token) {
    if (c == '.' || c == ',') {
      parts.push_back(current);
      parts.push_back(std::string(1, c));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(current);
  return parts;
}

// Runs of letters, runs of digits (with the dots and commas that can belong
// to them), single spaces and single punctuation characters. A run holding
// letters and dots (`Sep.20.2009`) is split again at the dots.
std::vector<std::string> TimeLex(std::string_view s) {
  std::vector<std::string> tokens;
  std::vector<char32_t> chars;
  for (size_t i = 0; i < s.size();) {
    char32_t c = DecodeUtf8(s, i);
    if (c != 0) chars.push_back(c);
  }
  size_t i = 0;
  while (i < chars.size()) {
    std::string token;
    char state = 0;  // 'a' letters, '0' digits, 'A' letters with dots, 'N' digits with dots
    bool seen_letters = false;
    while (i < chars.size()) {
      char32_t c = chars[i];
      if (!state) {
        AppendUtf8(token, IsSpace(c) ? U' ' : c);
        ++i;
        if (IsAlpha(c)) state = 'a';
        else if (IsDigit(c)) state = '0';
        else break;
      } else if (state == 'a') {
        seen_letters = true;
        if (IsAlpha(c)) AppendUtf8(token, c);
        else if (c == '.') token.push_back('.'), state = 'A';
        else break;
        ++i;
      } else if (state == '0') {
        if (IsDigit(c)) AppendUtf8(token, c);
        else if (c == '.' || (c == ',' && token.size() >= 2)) token.push_back(static_cast<char>(c)), state = 'N';
        else break;
        ++i;
      } else if (state == 'A') {
        seen_letters = true;
        if (c == '.' || IsAlpha(c)) AppendUtf8(token, c);
        else if (IsDigit(c) && token.back() == '.') AppendUtf8(token, c), state = 'N';
        else break;
        ++i;
      } else {  // 'N'
        if (c == '.' || IsDigit(c)) AppendUtf8(token, c);
        else if (IsAlpha(c) && token.back() == '.') AppendUtf8(token, c), state = 'A';
        else break;
        ++i;
      }
    }
    size_t dots = std::count(token.begin(), token.end(), '.');
    if ((state == 'A' || state == 'N') && (seen_letters || dots > 1 || token.back() == '.' || token.back() == ',')) {
      std::vector<std::string> parts = SplitDecimal(token);
      tokens.push_back(parts[0]);
      for (size_t k = 1; k < parts.size(); ++k)
        if (!parts[k].empty()) tokens.push_back(parts[k]);
      continue;
    }
    if (state == 'N' && dots == 0) token = ReplaceAll(token, ",", ".");
    tokens.push_back(token);
  }
  return tokens;
}

// ---- the English names of the default parserinfo ---------------------------------

int Lookup(const std::string& token, std::initializer_list<std::initializer_list<const char*>> table) {
  std::string lower = AsciiLower(token);
  int index = 0;
  for (const auto& names : table) {
    for (const char* name : names)
      if (lower == name) return index;
    ++index;
  }
  return -1;
}

int MonthOf(const std::string& t) {
  int m = Lookup(t, {{"jan", "january"}, {"feb", "february"}, {"mar", "march"}, {"apr", "april"}, {"may"},
                     {"jun", "june"}, {"jul", "july"}, {"aug", "august"}, {"sep", "sept", "september"},
                     {"oct", "october"}, {"nov", "november"}, {"dec", "december"}});
  return m < 0 ? 0 : m + 1;
}
int WeekdayOf(const std::string& t) {
  return Lookup(t, {{"mon", "monday"}, {"tue", "tuesday"}, {"wed", "wednesday"}, {"thu", "thursday"},
                    {"fri", "friday"}, {"sat", "saturday"}, {"sun", "sunday"}});
}
int HmsOf(const std::string& t) {
  return Lookup(t, {{"h", "hour", "hours"}, {"m", "minute", "minutes"}, {"s", "second", "seconds"}});
}
int AmPmOf(const std::string& t) { return Lookup(t, {{"am", "a"}, {"pm", "p"}}); }
bool IsJump(const std::string& t) {
  return Lookup(t, {{" ", ".", ",", ";", "-", "/", "'", "at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd",
                     "th"}}) == 0;
}
bool IsUtcZone(const std::string& t) { return Lookup(t, {{"utc", "gmt", "z"}}) == 0; }

// int() of a parsed number; values past a C long saturate at LONG_MAX, which
// BuildNaive reports as Python does.
long ToLong(double value) {
  if (value >= 9.223372036854775807e18) return LONG_MAX;
  if (value <= -9.223372036854775807e18) return LONG_MIN;
  return static_cast<long>(value);
}

bool AllDigits(const std::string& s);

// Python's int() of a digit string: anything else fails the parse, and long
// digit runs saturate far outside every valid field.
long ParseLong(const std::string& digits) {
  if (!AllDigits(digits)) throw ParseFailure{};
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  std::string significant = digits.substr(first);
  if (significant.size() > 19 || (significant.size() == 19 && significant > "9223372036854775807")) return LONG_MAX;
  return std::stol(significant);
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// float(token) as Python reads it (digits with at most one dot); the words
// Python also accepts (nan, inf) make dateutil fail, as they do here.
std::optional<double> ToNumber(const std::string& s) {
  if (s.empty() || s == ".") return std::nullopt;
  int dots = 0;
  for (char c : s) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return std::nullopt;
  }
  if (dots > 1) return std::nullopt;
  return std::strtod(s.c_str(), nullptr);
}

// ---- year/month/day candidates (dateutil's _ymd) ------------------------------------

struct Ymd {
  std::vector<long> values;
  bool century_specified = false;
  int ystr = -1, mstr = -1, dstr = -1;

  void Append(long v, char label = 0) {
    if (v > 100) {
      century_specified = true;
      label = 'Y';
    }
    Push(v, label);
  }
  void AppendText(const std::string& s, char label = 0) {
    if (AllDigits(s) && s.size() > 2) {
      century_specified = true;
      label = 'Y';
    }
    if (!AllDigits(s)) throw ParseFailure{};
    Push(ParseLong(s), label);
  }
  void Push(long v, char label) {
    values.push_back(v);
    int index = static_cast<int>(values.size()) - 1;
    int* slot = label == 'M' ? &mstr : label == 'D' ? &dstr : label == 'Y' ? &ystr : nullptr;
    if (!slot) return;
    if (*slot >= 0) throw ParseFailure{};
    *slot = index;
  }
  bool CouldBeDay(double v) const {
    if (dstr >= 0) return false;
    if (mstr < 0) return v >= 1 && v <= 31;
    int month = static_cast<int>(values[mstr]);
    if (month < 1 || month > 12) return false;
    int year = ystr < 0 ? 2000 : static_cast<int>(values[ystr]);
    return v >= 1 && v <= DaysInMonth(year, month);
  }

  // Which value is the year, the month and the day (dayfirst and yearfirst
  // both off): labelled values first, then dateutil's rules by size.
  void Resolve(std::optional<long>* y, std::optional<long>* m, std::optional<long>* d) const {
    size_t n = values.size();
    int labelled = (ystr >= 0) + (mstr >= 0) + (dstr >= 0);
    if ((n == static_cast<size_t>(labelled) && labelled > 0) || (n == 3 && labelled == 2)) {
      int yi = ystr, mi = mstr, di = dstr;
      if (n == 3 && labelled == 2) {
        int missing = 3 - (yi < 0 ? 0 : yi) - (mi < 0 ? 0 : mi) - (di < 0 ? 0 : di);
        if (yi < 0) yi = missing;
        else if (mi < 0) mi = missing;
        else di = missing;
      }
      if (yi >= 0) *y = values[yi];
      if (mi >= 0) *m = values[mi];
      if (di >= 0) *d = values[di];
      return;
    }
    if (n > 3) throw ParseFailure{};
    const std::vector<long>& v = values;
    if (n == 1 || (mstr >= 0 && n == 2)) {
      long other;
      if (mstr >= 0) {
        *m = v[mstr];
        other = v[mstr == 0 ? n - 1 : mstr - 1];  // Python's self[-1] when mstr is 0
      } else {
        other = v[0];
      }
      if (n > 1 || mstr < 0) {
        if (other > 31) *y = other;
        else *d = other;
      }
    } else if (n == 2) {
      if (v[0] > 31) *y = v[0], *m = v[1];
      else if (v[1] > 31) *m = v[0], *y = v[1];
      else *m = v[0], *d = v[1];
    } else if (n == 3) {
      if (mstr == 0) {
        if (v[1] > 31) *m = v[0], *y = v[1], *d = v[2];
        else *m = v[0], *d = v[1], *y = v[2];
      } else if (mstr == 1) {
        if (v[0] > 31) *y = v[0], *m = v[1], *d = v[2];
        else *d = v[0], *m = v[1], *y = v[2];
      } else if (mstr == 2) {
        if (v[1] > 31) *d = v[0], *y = v[1], *m = v[2];
        else *y = v[0], *d = v[1], *m = v[2];
      } else {
        if (v[0] > 31 || ystr == 0) *y = v[0], *m = v[1], *d = v[2];
        else if (v[0] > 12) *d = v[0], *m = v[1], *y = v[2];
        else *m = v[0], *d = v[1], *y = v[2];
      }
    }
  }
};

// ---- the parse result (dateutil's parser._result) -----------------------------------

struct Result {
  std::optional<long> year, month, day, hour, minute, second, microsecond;
  std::optional<int> weekday, ampm, tzoffset;
  std::optional<std::string> tzname;
  bool century_specified = false;
};

std::pair<long, long> ParseMs(const std::string& value) {
  size_t dot = value.find('.');
  if (dot == std::string::npos) {
    if (!AllDigits(value)) throw ParseFailure{};
    return {ParseLong(value), 0};
  }
  std::string i = value.substr(0, dot), f = value.substr(dot + 1);
  if (!AllDigits(i) || (!f.empty() && !AllDigits(f))) throw ParseFailure{};
  f = (f + "000000").substr(0, 6);
  return {ParseLong(i), std::stol(f)};
}

std::pair<long, std::optional<long>> ParseMinSec(double value) {
  long minute = ToLong(value);
  double remainder = value - std::floor(value);
  if (remainder != 0) return {minute, static_cast<long>(60 * remainder)};
  return {minute, std::nullopt};
}

long AdjustAmPm(long hour, int ampm) {
  if (hour < 12 && ampm == 1) return hour + 12;
  if (hour == 12 && ampm == 0) return 0;
  return hour;
}

class DateParser {
 public:
  explicit DateParser(std::vector<std::string> tokens) : l_(std::move(tokens)) {}

  // The main loop of dateutil's parser._parse (fuzzy off): each token is a
  // number, a weekday, a month, am/pm, a zone name, a numeric offset or a
  // word to skip; anything else fails.
  Result Parse() {
    size_t n = l_.size();
    for (i_ = 0; i_ < n; ++i_) {
      const std::string& t = l_[i_];
      if (ToNumber(t)) {
        NumericToken();
      } else if (WeekdayOf(t) >= 0) {
        res_.weekday = WeekdayOf(t);
      } else if (MonthOf(t)) {
        MonthToken();
      } else if (AmPmOf(t) >= 0) {
        if (!res_.hour || *res_.hour < 0 || *res_.hour > 12) throw ParseFailure{};
        res_.hour = AdjustAmPm(*res_.hour, AmPmOf(t));
        res_.ampm = AmPmOf(t);
      } else if (CouldBeTzName(t)) {
        res_.tzname = t;
        // parserinfo.tzoffset compares case-sensitively with lower-case names.
        res_.tzoffset = t == "z" ? std::optional<int>(0) : std::nullopt;
        if (i_ + 1 < n && (l_[i_ + 1] == "+" || l_[i_ + 1] == "-")) {
          l_[i_ + 1] = l_[i_ + 1] == "+" ? "-" : "+";
          res_.tzoffset.reset();
          if (IsUtcZone(t)) res_.tzname.reset();
        }
      } else if (res_.hour && (t == "+" || t == "-")) {
        Offset();
      } else if (!IsJump(t)) {
        throw ParseFailure{};
      }
    }
    std::optional<long> y, m, d;
    ymd_.Resolve(&y, &m, &d);
    res_.century_specified = ymd_.century_specified;
    res_.year = y;
    res_.month = m;
    res_.day = d;
    return res_;
  }

 private:
  const std::string& At(size_t k) const {
    if (k >= l_.size()) throw ParseFailure{};  // Python's IndexError
    return l_[k];
  }

  void MonthToken() {
    size_t n = l_.size();
    ymd_.Append(MonthOf(l_[i_]), 'M');
    if (i_ + 1 >= n) return;
    if (l_[i_ + 1] == "-" || l_[i_ + 1] == "/") {
      std::string sep = l_[i_ + 1];
      ymd_.AppendText(At(i_ + 2));
      if (i_ + 3 < n && l_[i_ + 3] == sep) {
        ymd_.AppendText(At(i_ + 4));
        i_ += 2;
      }
      i_ += 2;
    } else if (i_ + 4 < n && l_[i_ + 1] == " " && l_[i_ + 3] == " " && AsciiLower(l_[i_ + 2]) == "of") {
      if (AllDigits(l_[i_ + 4])) ymd_.Append(ConvertYear(ParseLong(l_[i_ + 4]), false), 'Y');
      i_ += 4;
    }
  }

  void Offset() {
    size_t n = l_.size();
    int sign = l_[i_] == "+" ? 1 : -1;
    const std::string& next = At(i_ + 1);
    if (!AllDigits(next)) throw ParseFailure{};
    long hours, minutes;
    if (next.size() == 4) {
      hours = std::stol(next.substr(0, 2));
      minutes = std::stol(next.substr(2));
    } else if (i_ + 2 < n && l_[i_ + 2] == ":") {
      hours = ParseLong(next);
      if (!AllDigits(At(i_ + 3))) throw ParseFailure{};
      minutes = ParseLong(At(i_ + 3));
      i_ += 2;
    } else if (next.size() <= 2) {
      hours = ParseLong(next);
      minutes = 0;
    } else {
      throw ParseFailure{};
    }
    res_.tzoffset = static_cast<int>(sign * (hours * 3600 + minutes * 60));
    if (i_ + 5 < n && IsJump(l_[i_ + 2]) && l_[i_ + 3] == "(" && l_[i_ + 5] == ")" && l_[i_ + 4].size() >= 3 &&
        CouldBeTzNameAllowingOffset(l_[i_ + 4])) {
      res_.tzname = l_[i_ + 4];
      i_ += 4;
    }
    i_ += 1;
  }

  bool CouldBeTzName(const std::string& t) const {
    return res_.hour && !res_.tzname && !res_.tzoffset && CouldBeTzNameAllowingOffset(t);
  }
  bool CouldBeTzNameAllowingOffset(const std::string& t) const {
    if (!res_.hour || res_.tzname || t.size() > 5) return false;
    bool upper = std::all_of(t.begin(), t.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return upper || t == "UTC" || t == "GMT" || t == "Z" || t == "z";
  }

  std::optional<int> FindHmsIndex() const {
    size_t n = l_.size();
    if (i_ + 1 < n && HmsOf(l_[i_ + 1]) >= 0) return static_cast<int>(i_ + 1);
    if (i_ + 2 < n && l_[i_ + 1] == " " && HmsOf(l_[i_ + 2]) >= 0) return static_cast<int>(i_ + 2);
    if (i_ > 0 && HmsOf(l_[i_ - 1]) >= 0) return static_cast<int>(i_ - 1);
    if (i_ > 1 && i_ == n - 1 && l_[i_ - 1] == " " && HmsOf(l_[i_ - 2]) >= 0) return static_cast<int>(i_ - 2);
    return std::nullopt;
  }

  void AssignHms(const std::string& repr, double value, int hms) {
    if (hms == 0) {
      res_.hour = ToLong(value);
      double frac = value - std::floor(value);
      if (frac != 0) res_.minute = static_cast<long>(60 * frac);
    } else if (hms == 1) {
      auto [minute, second] = ParseMinSec(value);
      res_.minute = minute;
      if (second) res_.second = second;
      else res_.second.reset();
    } else {
      auto [second, micro] = ParseMs(repr);
      res_.second = second;
      res_.microsecond = micro;
    }
  }

  // dateutil's _parse_numeric_token: the shape of the number and of the
  // tokens around it decide whether it is a date, a time or a part of one.
  void NumericToken() {
    const std::string repr = l_[i_];
    double value = *ToNumber(repr);
    size_t len = repr.size();
    size_t n = l_.size();
    if (ymd_.values.size() == 3 && (len == 2 || len == 4) && !res_.hour &&
        (i_ + 1 >= n || (l_[i_ + 1] != ":" && HmsOf(l_[i_ + 1]) < 0))) {
      if (!AllDigits(repr)) throw ParseFailure{};
      res_.hour = ParseLong(repr.substr(0, 2));
      if (len == 4) res_.minute = ParseLong(repr.substr(2));
    } else if (len == 6 || (len > 6 && repr.find('.') == 6)) {
      if (ymd_.values.empty() && repr.find('.') == std::string::npos) {
        ymd_.AppendText(repr.substr(0, 2));
        ymd_.AppendText(repr.substr(2, 2));
        ymd_.AppendText(repr.substr(4));
      } else {
        res_.hour = ParseLong(repr.substr(0, 2));
        res_.minute = ParseLong(repr.substr(2, 2));
        auto [s, us] = ParseMs(repr.substr(4));
        res_.second = s;
        res_.microsecond = us;
      }
    } else if (len == 8 || len == 12 || len == 14) {
      if (!AllDigits(repr)) throw ParseFailure{};
      ymd_.AppendText(repr.substr(0, 4), 'Y');
      ymd_.AppendText(repr.substr(4, 2));
      ymd_.AppendText(repr.substr(6, 2));
      if (len > 8) {
        res_.hour = ParseLong(repr.substr(8, 2));
        res_.minute = ParseLong(repr.substr(10, 2));
        if (len > 12) res_.second = ParseLong(repr.substr(12));
      }
    } else if (std::optional<int> hms_idx = FindHmsIndex()) {
      int hms;
      if (*hms_idx > static_cast<int>(i_)) {
        hms = HmsOf(l_[*hms_idx]);
        AssignHms(repr, value, hms);
        i_ = *hms_idx;
      } else {
        hms = HmsOf(l_[*hms_idx]) + 1;
        if (hms <= 2) AssignHms(repr, value, hms);
      }
    } else if (i_ + 2 < n && l_[i_ + 1] == ":") {
      res_.hour = ToLong(value);
      std::optional<double> minutes = ToNumber(l_[i_ + 2]);
      if (!minutes) throw ParseFailure{};
      auto [minute, second] = ParseMinSec(*minutes);
      res_.minute = minute;
      if (second) res_.second = second;
      else res_.second.reset();
      if (i_ + 4 < n && l_[i_ + 3] == ":") {
        auto [s, us] = ParseMs(l_[i_ + 4]);
        res_.second = s;
        res_.microsecond = us;
        i_ += 2;
      }
      i_ += 2;
    } else if (i_ + 1 < n && (l_[i_ + 1] == "-" || l_[i_ + 1] == "/" || l_[i_ + 1] == ".")) {
      std::string sep = l_[i_ + 1];
      ymd_.AppendText(repr);
      if (i_ + 2 < n && !IsJump(l_[i_ + 2])) {
        if (AllDigits(l_[i_ + 2])) {
          ymd_.AppendText(l_[i_ + 2]);
        } else if (int month = MonthOf(l_[i_ + 2])) {
          ymd_.Append(month, 'M');
        } else {
          throw ParseFailure{};
        }
        if (i_ + 3 < n && l_[i_ + 3] == sep) {
          const std::string& last = At(i_ + 4);
          if (int month = MonthOf(last)) ymd_.Append(month, 'M');
          else ymd_.AppendText(last);
          i_ += 2;
        }
        i_ += 1;
      }
      i_ += 1;
    } else if (i_ + 1 >= n || IsJump(l_[i_ + 1])) {
      if (i_ + 2 < n && AmPmOf(l_[i_ + 2]) >= 0) {
        res_.hour = AdjustAmPm(ToLong(value), AmPmOf(l_[i_ + 2]));
        i_ += 1;
      } else {
        AppendNumber(value);
      }
      i_ += 1;
    } else if (AmPmOf(l_[i_ + 1]) >= 0 && value >= 0 && value < 24) {
      res_.hour = AdjustAmPm(static_cast<long>(value), AmPmOf(l_[i_ + 1]));
      i_ += 1;
    } else if (ymd_.CouldBeDay(value)) {
      AppendNumber(value);
    } else {
      throw ParseFailure{};
    }
  }

  // ymd.append(value) for a number dateutil holds as a Decimal.
  void AppendNumber(double value) { ymd_.Append(ToLong(value)); }

  std::vector<std::string> l_;
  size_t i_ = 0;
  Ymd ymd_;
  Result res_;

 public:
  static long ConvertYear(long year, bool century_specified) {
    if (year < 100 && !century_specified) {
      std::time_t now = std::time(nullptr);
      std::tm local{};
      localtime_r(&now, &local);
      int this_year = local.tm_year + 1900;
      year += this_year / 100 * 100;
      if (year >= this_year + 50) year -= 100;
      else if (year < this_year - 50) year += 100;
    }
    return year;
  }
};

// default.replace(**fields) with datetime's range checks and messages.
std::optional<DateTime> BuildNaive(const Result& res, const DateTime& defaults, std::string* error) {
  DateTime dt = defaults;
  dt.utc_offset.reset();
  dt.tz_name.clear();
  long year = res.year.value_or(defaults.year);
  long month = res.month.value_or(defaults.month);
  long day = res.day.value_or(defaults.day);
  // Without a day, calendar.monthrange checks the month first.
  if (!res.day && (month < 1 || month > 12)) {
    *error = "bad month number " + std::to_string(month) + "; must be 1-12";
    return std::nullopt;
  }
  // datetime.replace reads every field as a C int before any range check.
  for (const std::optional<long>* field : {&res.year, &res.month, &res.day, &res.hour, &res.minute, &res.second,
                                           &res.microsecond}) {
    if (!*field) continue;
    if (**field == LONG_MAX || **field == LONG_MIN)
      return *error = "Python int too large to convert to C long", std::nullopt;
    if (**field > 2147483647L) return *error = "signed integer is greater than maximum", std::nullopt;
    if (**field < -2147483648L) return *error = "signed integer is less than minimum", std::nullopt;
  }
  if (year < 1 || year > 9999) {
    *error = "year " + std::to_string(year) + " is out of range";
    return std::nullopt;
  }
  if (month < 1 || month > 12) {
    *error = "month must be in 1..12";
    return std::nullopt;
  }
  if (!res.day && day > DaysInMonth(static_cast<int>(year), static_cast<int>(month)))
    day = DaysInMonth(static_cast<int>(year), static_cast<int>(month));
  if (day < 1 || day > DaysInMonth(static_cast<int>(year), static_cast<int>(month))) {
    *error = "day is out of range for month";
    return std::nullopt;
  }
  long hour = res.hour.value_or(defaults.hour), minute = res.minute.value_or(defaults.minute);
  long second = res.second.value_or(defaults.second), micro = res.microsecond.value_or(defaults.microsecond);
  if (hour < 0 || hour > 23) return *error = "hour must be in 0..23", std::nullopt;
  if (minute < 0 || minute > 59) return *error = "minute must be in 0..59", std::nullopt;
  if (second < 0 || second > 59) return *error = "second must be in 0..59", std::nullopt;
  if (micro < 0 || micro > 999999) return *error = "microsecond must be in 0..999999", std::nullopt;
  dt.year = static_cast<int>(year);
  dt.month = static_cast<int>(month);
  dt.day = static_cast<int>(day);
  dt.hour = static_cast<int>(hour);
  dt.minute = static_cast<int>(minute);
  dt.second = static_cast<int>(second);
  dt.microsecond = static_cast<int>(micro);
  // A weekday without a day moves forward to that weekday (relativedelta).
  if (res.weekday && !res.day) {
    int ahead = (*res.weekday - Weekday(dt.year, dt.month, dt.day) + 7) % 7;
    CivilFromDays(DaysFromCivil(dt.year, dt.month, dt.day) + ahead, &dt.year, &dt.month, &dt.day);
  }
  return dt;
}

}  // namespace

std::optional<DateTime> ParseDate(std::string_view text, const DateTime& defaults, std::string* error) {
  std::string input(text);
  Result res;
  try {
    res = DateParser(TimeLex(text)).Parse();
  } catch (const ParseFailure&) {
    *error = "Unknown string format: " + input;
    return std::nullopt;
  } catch (const std::exception&) {
    *error = "Unknown string format: " + input;
    return std::nullopt;
  }
  if (res.year) res.year = DateParser::ConvertYear(*res.year, res.century_specified);
  // parserinfo.validate: a zero offset without a name, or a Z, is UTC.
  if ((res.tzoffset && *res.tzoffset == 0 && !res.tzname) || (res.tzname && (*res.tzname == "Z" || *res.tzname == "z"))) {
    res.tzname = "UTC";
    res.tzoffset = 0;
  } else if ((!res.tzoffset || *res.tzoffset != 0) && res.tzname && IsUtcZone(*res.tzname)) {
    res.tzoffset = 0;
  }
  bool empty = !res.year && !res.month && !res.day && !res.weekday && !res.hour && !res.minute && !res.second &&
               !res.microsecond && !res.tzname && !res.tzoffset && !res.ampm;
  if (empty) {
    *error = "String does not contain a date: " + input;
    return std::nullopt;
  }
  std::string build_error;
  std::optional<DateTime> dt = BuildNaive(res, defaults, &build_error);
  if (!dt) {
    // Overflow is not a ValueError: dateutil lets it through without the text.
    bool overflow = build_error.rfind("signed integer", 0) == 0 || build_error.rfind("Python int", 0) == 0;
    *error = overflow ? build_error : build_error + ": " + input;
    return std::nullopt;
  }
  // Offsets make the value aware; a zone name alone (EST, CET) does not,
  // except the UTC names.
  if (res.tzoffset) {
    if (std::abs(*res.tzoffset) >= 86400) {
      *error = "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).";
      return std::nullopt;
    }
    dt->utc_offset = *res.tzoffset;
    if (*res.tzoffset == 0) dt->tz_name = "UTC";
    else if (res.tzname) dt->tz_name = *res.tzname;
  }
  return dt;
}

// Pelican's get_date: runs of spaces become one, and what the text leaves
// out comes from today at midnight.
namespace {

// Reads `count` digits at `pos` into `value`.
bool ReadDigits(std::string_view text, size_t pos, size_t count, int* value) {
  if (pos + count > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

// The form metadata dates are nearly always written in: `YYYY-MM-DD`,
// optionally followed by ` HH:MM` or ` HH:MM:SS`, every field in range.
// dateutil reads exactly these fields from it (other fields from
// `defaults`); anything else, or out of range, gives nullopt and goes
// through the full parser.
std::optional<DateTime> ParseIsoQuick(std::string_view text, const DateTime& defaults) {
  if (text.size() != 10 && text.size() != 16 && text.size() != 19) return std::nullopt;
  DateTime d = defaults;
  if (!ReadDigits(text, 0, 4, &d.year) || text[4] != '-' || !ReadDigits(text, 5, 2, &d.month) || text[7] != '-' ||
      !ReadDigits(text, 8, 2, &d.day))
    return std::nullopt;
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > DaysInMonth(d.year, d.month))
    return std::nullopt;
  if (text.size() == 10) return d;
  if (text[10] != ' ' || !ReadDigits(text, 11, 2, &d.hour) || text[13] != ':' || !ReadDigits(text, 14, 2, &d.minute))
    return std::nullopt;
  if (text.size() == 19 && (text[16] != ':' || !ReadDigits(text, 17, 2, &d.second))) return std::nullopt;
  if (d.hour > 23 || d.minute > 59 || d.second > 59) return std::nullopt;
  return d;
}

}  // namespace

std::optional<DateTime> GetDate(std::string_view text, const DateTime& today, std::string* error) {
  DateTime midnight = today;
  midnight.hour = midnight.minute = midnight.second = midnight.microsecond = 0;
  midnight.utc_offset.reset();
  midnight.tz_name.clear();
  if (std::optional<DateTime> quick = ParseIsoQuick(text, midnight)) return quick;
  std::string collapsed;
  for (char c : text)
    if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed.push_back(c);
  DateTime defaults = today;
  defaults.hour = defaults.minute = defaults.second = defaults.microsecond = 0;
  defaults.utc_offset.reset();
  defaults.tz_name.clear();
  std::string ignored;
  std::optional<DateTime> dt = ParseDate(collapsed, defaults, &ignored);
  if (!dt) {
    std::string quote = collapsed.find('\'') != std::string::npos && collapsed.find('"') == std::string::npos ? "\"" : "'";
    *error = quote + collapsed + quote + " is not a valid date";
  }
  return dt;
}

}  // namespace stacks::content
