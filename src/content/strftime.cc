// strftime as Python (on glibc) and Pelican's wrapper of it produce it, with
// the C locale's English names.
#include <ctime>
#include <cstdio>

#include "base/base.h"
#include "content/content.h"

namespace stacks::content {

long DaysFromCivil(int y, int m, int d);  // dates.cc

namespace {

const char* const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

struct Fields {
  int weekday;  // Monday = 0
  int yday;     // 1-based
};

// ISO 8601 year and week of a date.
std::pair<int, int> IsoWeek(const DateTime& d) {
  int wday = Weekday(d.year, d.month, d.day);  // Monday = 0
  int yday = DayOfYear(d.year, d.month, d.day);
  int week = (yday - wday + 9) / 7;  // week of the Thursday
  int year = d.year;
  if (week < 1) {
    --year;
    int dec31_wday = (wday - yday % 7 + 7) % 7;  // weekday of Dec 31 of the previous year
    int prev_days = IsLeapYear(year) ? 366 : 365;
    week = (prev_days - dec31_wday + 9) / 7;
  } else {
    int days = IsLeapYear(d.year) ? 366 : 365;
    if (yday - wday + 3 > days) {  // Thursday of this week is next year
      ++year;
      week = 1;
    }
  }
  return {year, week};
}

std::string Number(long value, int width, char pad) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out = value < 0 ? "-" : "";
  if (pad && static_cast<int>(digits.size()) < width) out += std::string(width - digits.size(), pad);
  return out + digits;
}

std::string UtcOffsetText(const DateTime& d) {
  if (!d.utc_offset) return "";
  int off = *d.utc_offset;
  char sign = off < 0 ? '-' : '+';
  off = std::abs(off);
  char buf[16];
  if (off % 60) std::snprintf(buf, sizeof buf, "%c%02d%02d%02d", sign, off / 3600, off / 60 % 60, off % 60);
  else std::snprintf(buf, sizeof buf, "%c%02d%02d", sign, off / 3600, off / 60 % 60);
  return buf;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One glibc conversion. Numbers honour the flag (`-` no padding, `_` spaces,
// `0` zeros) and width; `^` upper-cases text.
std::optional<std::string> Convert(const DateTime& d, char conv, char flag, int width) {
  int wday = Weekday(d.year, d.month, d.day);
  int yday = DayOfYear(d.year, d.month, d.day);
  auto num = [&](long v, int natural_width, char natural_pad = '0') {
    char pad = flag == '-' ? 0 : flag == '_' ? ' ' : flag == '0' ? '0' : natural_pad;
    return Number(v, std::max(width, natural_width), pad);
  };
  auto text = [&](std::string s) {
    if (flag == '^') s = Upper(s);
    if (width > static_cast<int>(s.size())) s = std::string(width - s.size(), flag == '0' ? '0' : ' ') + s;
    return s;
  };
  int hour12 = d.hour % 12 == 0 ? 12 : d.hour % 12;
  switch (conv) {
    case 'a': return text(std::string(kDayNames[wday]).substr(0, 3));
    case 'A': return text(kDayNames[wday]);
    case 'b': case 'h': return text(std::string(kMonthNames[d.month - 1]).substr(0, 3));
    case 'B': return text(kMonthNames[d.month - 1]);
    case 'c': return text(*Convert(d, 'a', 0, 0) + " " + *Convert(d, 'b', 0, 0) + " " + Number(d.day, 2, ' ') + " " +
                          Number(d.hour, 2, '0') + ":" + Number(d.minute, 2, '0') + ":" + Number(d.second, 2, '0') +
                          " " + std::to_string(d.year));
    case 'C': return num(d.year / 100, 2);
    case 'd': return num(d.day, 2);
    case 'D': return text(Number(d.month, 2, '0') + "/" + Number(d.day, 2, '0') + "/" + Number(d.year % 100, 2, '0'));
    case 'e': return num(d.day, 2, ' ');
    case 'F': return text(Number(d.year, 1, 0) + "-" + Number(d.month, 2, '0') + "-" + Number(d.day, 2, '0'));
    case 'G': return num(IsoWeek(d).first, 1);
    case 'g': return num(IsoWeek(d).first % 100, 2);
    case 'H': return num(d.hour, 2);
    case 'I': return num(hour12, 2);
    case 'j': return num(yday, 3);
    case 'k': return num(d.hour, 2, ' ');
    case 'l': return num(hour12, 2, ' ');
    case 'm': return num(d.month, 2);
    case 'M': return num(d.minute, 2);
    case 'n': return std::string("\n");
    case 'p': return text(d.hour < 12 ? "AM" : "PM");
    case 'P': return text(d.hour < 12 ? "am" : "pm");
    case 'r': return text(Number(hour12, 2, '0') + ":" + Number(d.minute, 2, '0') + ":" + Number(d.second, 2, '0') +
                          " " + (d.hour < 12 ? "AM" : "PM"));
    case 'R': return text(Number(d.hour, 2, '0') + ":" + Number(d.minute, 2, '0'));
    case 's':  // glibc's mktime reads the fields as local time; stacks takes that to be UTC
      return num(DaysFromCivil(d.year, d.month, d.day) * 86400 + d.hour * 3600 + d.minute * 60 + d.second, 1);
    case 'S': return num(d.second, 2);
    case 't': return std::string("\t");
    case 'T': return text(Number(d.hour, 2, '0') + ":" + Number(d.minute, 2, '0') + ":" + Number(d.second, 2, '0'));
    case 'u': return num(wday + 1, 1);
    case 'U': return num((yday - 1 + 7 - (wday + 1) % 7) / 7, 2);
    case 'V': return num(IsoWeek(d).second, 2);
    case 'w': return num((wday + 1) % 7, 1);
    case 'W': return num((yday - 1 + 7 - wday) / 7, 2);
    case 'x': return text(Number(d.month, 2, '0') + "/" + Number(d.day, 2, '0') + "/" + Number(d.year % 100, 2, '0'));
    case 'X': return text(Number(d.hour, 2, '0') + ":" + Number(d.minute, 2, '0') + ":" + Number(d.second, 2, '0'));
    case 'y': return num(d.year % 100, 2);
    case 'Y': return num(d.year, 1);
    case '%': return std::string("%");
    default: return std::nullopt;
  }
}

}  // namespace

// Python first replaces %f, %z and %Z itself (zero-padded microseconds, the
// UTC offset, the zone name; empty for naive values), then hands the rest to
// glibc, which reads `%[flag][width]conversion` and copies what it does not
// know.
std::string PyStrftime(const DateTime& d, std::string_view format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    char next = format[i + 1];
    if (next == 'f' || next == 'z' || next == 'Z') {
      if (next == 'f') out += Number(d.microsecond, 6, '0');
      else if (next == 'z') out += UtcOffsetText(d);
      else out += d.utc_offset ? d.tz_name : "";
      ++i;
      continue;
    }
    size_t j = i + 1;
    char flag = 0;
    if (j < format.size() && std::string_view("-_0^#").find(format[j]) != std::string_view::npos) flag = format[j++];
    int width = 0;
    while (j < format.size() && std::isdigit(static_cast<unsigned char>(format[j]))) width = width * 10 + (format[j++] - '0');
    if (j < format.size() && (format[j] == 'E' || format[j] == 'O')) ++j;
    std::optional<std::string> piece = j < format.size() ? Convert(d, format[j], flag, width) : std::nullopt;
    if (!piece) {
      out.push_back('%');
      continue;
    }
    out += *piece;
    i = j;
  }
  return out;
}

// One directive in a locale: the locale-dependent ones (names, %c, %x,
// %X, %p) through glibc's strftime_l, the rest as Python prints them.
static std::string FormatDirective(const DateTime& d, char conv, locale_t loc) {
  static const std::string_view kLocaleDependent = "aAbBcpxX";
  if (!loc || kLocaleDependent.find(conv) == std::string_view::npos) return PyStrftime(d, std::string("%") + conv);
  std::tm tm{};
  tm.tm_year = d.year - 1900;
  tm.tm_mon = d.month - 1;
  tm.tm_mday = d.day;
  tm.tm_hour = d.hour;
  tm.tm_min = d.minute;
  tm.tm_sec = d.second;
  tm.tm_wday = (Weekday(d.year, d.month, d.day) + 1) % 7;
  tm.tm_yday = DayOfYear(d.year, d.month, d.day) - 1;
  char buf[256];
  char fmt[3] = {'%', conv, 0};
  size_t n = strftime_l(buf, sizeof buf, fmt, &tm, loc);
  return std::string(buf, n);
}

// Pelican's utils.strftime: each `%X` or `%-X` in the format is a candidate;
// C89 directives are formatted (the `-` form strips leading zeros), any
// other candidate is copied as written.
std::string Strftime(const DateTime& d, std::string_view format, locale_t loc) {
  static const std::string_view kC89 = "aAbBcdfGHIjmMpSUuVwWxXyYzZ%";
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size()) {
      out.push_back(format[i]);
      continue;
    }
    bool strip = format[i + 1] == '-' && i + 2 < format.size();
    size_t conv_at = strip ? i + 2 : i + 1;
    char conv = format[conv_at];
    if (kC89.find(conv) == std::string_view::npos) {
      out.append(format.substr(i, conv_at - i + 1));
    } else {
      std::string piece = FormatDirective(d, conv, loc);
      if (strip) {
        size_t nz = piece.find_first_not_of('0');
        piece = nz == std::string::npos ? "0" : piece.substr(nz);
      }
      out += piece;
    }
    i = conv_at;
  }
  return out;
}

std::string IsoFormat(const DateTime& d, char sep) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", d.year, d.month, d.day, sep, d.hour, d.minute,
                d.second);
  std::string out = buf;
  if (d.microsecond) out += "." + Number(d.microsecond, 6, '0');
  if (d.utc_offset) {
    std::string off = UtcOffsetText(d);
    out += off.substr(0, 3) + ":" + off.substr(3, 2);
    if (off.size() > 5) out += ":" + off.substr(5);
  }
  return out;
}

}  // namespace stacks::content
