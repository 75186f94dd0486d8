// Python datetime objects for contexts: attributes, strftime, isoformat,
// str() and ordering.
#include <cstdio>
#include <ctime>

#include "template/interp.h"

namespace stacks::tmpl {
namespace {

struct DateParts {
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0;
  bool has_tz = false;
  bool date_only = false;
  int tz_minutes = 0;
};

std::string Two(int v) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

// Appends v (0 <= v) zero-padded to `width` digits, as "%0*d" does.
void AppendPadded(std::string& out, int v, int width) {
  char b[12];
  int n = 0;
  do {
    b[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0 && n < 12);
  for (int k = n; k < width; ++k) out += '0';
  while (n > 0) out += b[--n];
}

class DateTime : public Object, public std::enable_shared_from_this<DateTime> {
 public:
  explicit DateTime(DateParts p) : p_(p) {}
  std::string TypeName() const override { return p_.date_only ? "date" : "datetime"; }
  std::string TypeRepr() const override { return p_.date_only ? "datetime.date object" : "datetime.datetime object"; }

  std::string Iso(char sep) const {
    std::string out;
    out.reserve(32);
    AppendPadded(out, p_.year, 4);
    out += '-';
    AppendPadded(out, p_.month, 2);
    out += '-';
    AppendPadded(out, p_.day, 2);
    if (p_.date_only) return out;
    out += sep;
    AppendPadded(out, p_.hour, 2);
    out += ':';
    AppendPadded(out, p_.minute, 2);
    out += ':';
    AppendPadded(out, p_.second, 2);
    if (p_.micro) {
      out += '.';
      AppendPadded(out, p_.micro, 6);
    }
    return out + Tz(true);
  }

  std::string Tz(bool colon) const {
    if (!p_.has_tz) return "";
    int m = p_.tz_minutes;
    std::string sign = m < 0 ? "-" : "+";
    if (m < 0) m = -m;
    return sign + Two(m / 60) + (colon ? ":" : "") + Two(m % 60);
  }

  std::string Str() const override { return Iso(' '); }
  std::string Repr() const override {
    if (p_.date_only)
      return "datetime.date(" + std::to_string(p_.year) + ", " + std::to_string(p_.month) + ", " + std::to_string(p_.day) + ")";
    std::string out = "datetime.datetime(" + std::to_string(p_.year) + ", " + std::to_string(p_.month) + ", " +
                      std::to_string(p_.day) + ", " + std::to_string(p_.hour) + ", " + std::to_string(p_.minute);
    if (p_.second || p_.micro) out += ", " + std::to_string(p_.second);
    if (p_.micro) out += ", " + std::to_string(p_.micro);
    return out + ")";
  }

  // Formats with the C library (as CPython does on Linux), after expanding
  // the directives it handles itself: %f, %z, %Z.
  std::string Strftime(const std::string& fmt) const {
    std::string expanded;
    for (size_t i = 0; i < fmt.size(); ++i) {
      if (fmt[i] == '%' && i + 1 < fmt.size()) {
        char c = fmt[i + 1];
        if (c == 'f') {
          char b[16];
          std::snprintf(b, sizeof b, "%06d", p_.micro);
          expanded += b;
          ++i;
          continue;
        }
        if (c == 'z') {
          expanded += Tz(false);
          ++i;
          continue;
        }
        if (c == 'Z') {
          expanded += p_.has_tz ? (p_.tz_minutes == 0 ? "UTC" : "UTC" + Tz(true)) : "";
          ++i;
          continue;
        }
        expanded += fmt[i];
        expanded += fmt[i + 1];
        ++i;
        continue;
      }
      expanded += fmt[i];
    }
    std::tm tm{};
    tm.tm_year = p_.year - 1900;
    tm.tm_mon = p_.month - 1;
    tm.tm_mday = p_.day;
    tm.tm_hour = p_.hour;
    tm.tm_min = p_.minute;
    tm.tm_sec = p_.second;
    tm.tm_isdst = -1;
    std::tm copy = tm;
    timegm(&copy);  // fills weekday and day of year
    tm.tm_wday = copy.tm_wday;
    tm.tm_yday = copy.tm_yday;
    if (expanded.empty()) return "";
    std::string buf(expanded.size() * 4 + 256, '\0');
    size_t n = std::strftime(buf.data(), buf.size(), expanded.c_str(), &tm);
    buf.resize(n);
    return buf;
  }

  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "year") return Value(p_.year);
    if (name == "month") return Value(p_.month);
    if (name == "day") return Value(p_.day);
    if (p_.date_only && (name == "hour" || name == "minute" || name == "second" || name == "microsecond"))
      return std::nullopt;
    if (name == "hour") return Value(p_.hour);
    if (name == "minute") return Value(p_.minute);
    if (name == "second") return Value(p_.second);
    if (name == "microsecond") return Value(p_.micro);
    Value self = Value::MakeObject(std::const_pointer_cast<DateTime>(shared_from_this()));
    if (name == "strftime") return Value::MakeObject(std::make_shared<Function>("strftime", CallStrftime, self));
    if (name == "isoformat") return Value::MakeObject(std::make_shared<Function>("isoformat", CallIso, self));
    if (name == "date") return Value::MakeObject(std::make_shared<Function>("date", CallDate, self));
    if (name == "weekday") return Value::MakeObject(std::make_shared<Function>("weekday", CallWeekday, self));
    if (name == "timestamp") return Value::MakeObject(std::make_shared<Function>("timestamp", CallTimestamp, self));
    if (name == "__format__") return Value::MakeObject(std::make_shared<Function>("__format__", CallStrftime, self));
    return std::nullopt;
  }

  bool Equals(const Object& other) const override {
    auto* o = dynamic_cast<const DateTime*>(&other);
    return o && Key() == o->Key();
  }

  std::optional<int> Compare(const Value& other) const override {
    if (!other.IsObject()) return std::nullopt;
    auto* o = dynamic_cast<const DateTime*>(other.AsObject().get());
    if (!o) return std::nullopt;
    auto a = Key(), b = o->Key();
    return a < b ? -1 : a > b ? 1 : 0;
  }

  std::string Key() const { return Iso('T'); }
  const DateParts& parts() const { return p_; }

 private:
  static const DateTime& Self(const Value& v) { return *static_cast<DateTime*>(v.AsObject().get()); }
  static Value CallStrftime(Interp& in, Args& a, const Value& self) {
    if (a.positional.empty()) ThrowTypeError("strftime() takes exactly one argument (0 given)");
    return Value(Self(self).Strftime(in.Str(a.positional[0])));
  }
  static Value CallIso(Interp& in, Args& a, const Value& self) {
    std::string sep = a.positional.empty() ? "T" : in.Str(a.positional[0]);
    return Value(Self(self).Iso(sep.empty() ? 'T' : sep[0]));
  }
  static Value CallDate(Interp&, Args&, const Value& self) {
    DateParts p = Self(self).parts();
    p.date_only = true;
    p.hour = p.minute = p.second = p.micro = 0;
    p.has_tz = false;
    return Value::MakeObject(std::make_shared<DateTime>(p));
  }
  static Value CallWeekday(Interp&, Args&, const Value& self) {
    std::string w = Self(self).Strftime("%u");
    return Value(static_cast<int64_t>(std::stoi(w) - 1));
  }
  static Value CallTimestamp(Interp&, Args&, const Value& self) {
    const DateParts& p = Self(self).parts();
    std::tm tm{};
    tm.tm_year = p.year - 1900;
    tm.tm_mon = p.month - 1;
    tm.tm_mday = p.day;
    tm.tm_hour = p.hour;
    tm.tm_min = p.minute;
    tm.tm_sec = p.second;
    double t = static_cast<double>(timegm(&tm)) - p.tz_minutes * 60.0 + p.micro / 1e6;
    return Value(t);
  }

  DateParts p_;
};

bool ParseNum(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<Value> MakeDateTime(std::string_view s) {
  DateParts p;
  if (!ParseNum(s, 0, 4, p.year) || s.size() < 10 || s[4] != '-' || !ParseNum(s, 5, 2, p.month) || s[7] != '-' ||
      !ParseNum(s, 8, 2, p.day))
    return std::nullopt;
  size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    if (!ParseNum(s, i + 1, 2, p.hour)) return std::nullopt;
    i += 3;
    if (i < s.size() && s[i] == ':') {
      if (!ParseNum(s, i + 1, 2, p.minute)) return std::nullopt;
      i += 3;
      if (i < s.size() && s[i] == ':') {
        if (!ParseNum(s, i + 1, 2, p.second)) return std::nullopt;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
          size_t j = i + 1;
          std::string frac;
          while (j < s.size() && s[j] >= '0' && s[j] <= '9') frac += s[j++];
          frac = (frac + "000000").substr(0, 6);
          p.micro = std::stoi(frac);
          i = j;
        }
      }
    }
  }
  if (i < s.size()) {
    if (s[i] == 'Z') {
      p.has_tz = true;
    } else if (s[i] == '+' || s[i] == '-') {
      int h = 0, m = 0;
      if (!ParseNum(s, i + 1, 2, h)) return std::nullopt;
      size_t k = i + 3;
      if (k < s.size() && s[k] == ':') ++k;
      ParseNum(s, k, 2, m);
      p.has_tz = true;
      p.tz_minutes = (h * 60 + m) * (s[i] == '-' ? -1 : 1);
    }
  }
  return Value::MakeObject(std::make_shared<DateTime>(p));
}

}  // namespace stacks::tmpl
