// Python's string formatting as templates use it: `%` (printf-style),
// str.format with format specs, json.dumps, and case mapping.
#include <cmath>
#include <cstdio>

#include "base/base.h"
#include "template/interp.h"

namespace stacks::tmpl {
namespace {

// Simple case mapping over the scripts themes meet: ASCII, Latin-1,
// Latin Extended-A, Greek and Cyrillic.
// Latin digraph letters (DŽ, LJ, NJ, DZ) come in upper, title and lower forms.
char32_t DigraphCase(char32_t c, int form) {
  for (char32_t base : {0x1C4u, 0x1C7u, 0x1CAu, 0x1F1u})
    if (c >= base && c < base + 3) return base + static_cast<char32_t>(form);
  return 0;
}

char32_t LowerCp(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (char32_t d = DigraphCase(c, 2)) return d;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x17F) {
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

char32_t UpperCp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (char32_t d = DigraphCase(c, 0)) return d;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c % 2 == 0) ? c - 1 : c;
    return (c % 2 == 1) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

std::string Pad(std::string s, size_t width, char align, char32_t fill) {
  size_t len = CountCodePoints(s);
  if (len >= width) return s;
  size_t total = width - len;
  std::string f;
  AppendUtf8(f, fill);
  auto rep = [&](size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += f;
    return out;
  };
  if (align == '<') return s + rep(total);
  if (align == '^') return rep(total / 2) + s + rep(total - total / 2);
  if (align == '=') {
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    return s.substr(0, sign) + rep(total) + s.substr(sign);
  }
  return rep(total) + s;
}

std::string GroupThousands(const std::string& digits, char sep) {
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[i];
    int left = n - 1 - i;
    if (left > 0 && left % 3 == 0) out += sep;
  }
  return out;
}

std::string FixedDigits(double d, int precision) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", precision, d);
  return buf;
}

// Python's %g / general format: precision p significant digits, trailing
// zeros removed unless '#'.
std::string GeneralFormat(double d, int p, bool upper, bool alt) {
  if (p == 0) p = 1;
  char buf[512];
  std::snprintf(buf, sizeof buf, alt ? "%#.*g" : "%.*g", p, d);
  std::string s = buf;
  if (upper)
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string ToLowerUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      char c = s[i++];
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      continue;
    }
    char32_t c = DecodeUtf8(s, i);
    if (c == 0x130) {
      out += "i\xCC\x87";  // İ lowers to i + combining dot above
    } else if (c == 0x3A3) {
      // Final sigma: Σ ending a word (a letter before, none after) becomes ς.
      bool letter_before = !out.empty() && static_cast<unsigned char>(out.back()) >= 'A';
      bool letter_after = i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || static_cast<unsigned char>(s[i]) >= 0x80);
      AppendUtf8(out, letter_before && !letter_after ? 0x3C2 : 0x3C3);
    } else {
      AppendUtf8(out, LowerCp(c));
    }
  }
  return out;
}

std::string ToUpperUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      char c = s[i++];
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
      continue;
    }
    char32_t c = DecodeUtf8(s, i);
    static const char* kLigatures[] = {"FF", "FI", "FL", "FFI", "FFL", "ST", "ST"};
    if (c == 0xDF) out += "SS";
    else if (c >= 0xFB00 && c <= 0xFB06) out += kLigatures[c - 0xFB00];
    else AppendUtf8(out, UpperCp(c));
  }
  return out;
}

/// Applies a Python format spec ([[fill]align][sign][#][0][width][,_][.precision][type]) to a value.
std::string ApplyFormatSpec(Interp& in, const Value& v, std::string_view spec) {
  char32_t fill = ' ';
  char align = 0, sign = '-';
  bool alt = false, zero = false;
  char grouping = 0;
  size_t width = 0;
  int precision = -1;
  char type = 0;
  size_t i = 0;
  std::u32string u = ToU32(spec);
  auto is_align = [](char32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (u.size() >= 2 && is_align(u[1])) {
    fill = u[0];
    align = static_cast<char>(u[1]);
    i = 2;
  } else if (!u.empty() && is_align(u[0])) {
    align = static_cast<char>(u[0]);
    i = 1;
  }
  if (i < u.size() && (u[i] == '+' || u[i] == '-' || u[i] == ' ')) sign = static_cast<char>(u[i++]);
  if (i < u.size() && u[i] == '#') alt = true, ++i;
  if (i < u.size() && u[i] == '0') zero = true, ++i;
  while (i < u.size() && u[i] >= '0' && u[i] <= '9') width = width * 10 + (u[i++] - '0');
  if (i < u.size() && (u[i] == ',' || u[i] == '_')) grouping = static_cast<char>(u[i++]);
  if (i < u.size() && u[i] == '.') {
    ++i;
    precision = 0;
    while (i < u.size() && u[i] >= '0' && u[i] <= '9') precision = precision * 10 + static_cast<int>(u[i++] - '0');
  }
  if (i < u.size()) type = static_cast<char>(u[i++]);
  if (i < u.size()) Throw("ValueError", "Invalid format specifier");
  if (zero && !align) {
    align = '=';
    fill = '0';
  }
  std::string body;
  bool numeric = v.IsNumber() && !(v.IsBool() && type == 0);
  if (!numeric || type == 's') {
    if (type && type != 's') Throw("ValueError", "Unknown format code '" + std::string(1, type) + "' for object of type '" + v.TypeName() + "'");
    body = in.Str(v);
    if (precision >= 0) body = FromU32(ToU32(body).substr(0, static_cast<size_t>(precision)));
    return Pad(body, width, align ? align : '<', fill);
  }
  bool neg = false;
  if (v.IsFloat() || type == 'f' || type == 'F' || type == 'e' || type == 'E' || type == 'g' || type == 'G' || type == '%') {
    double d = v.AsDouble();
    if (type == 'd') Throw("ValueError", "Unknown format code 'd' for object of type 'float'");
    neg = std::signbit(d) && !std::isnan(d);
    d = std::fabs(d);
    if (type == 'f' || type == 'F') body = FixedDigits(d, precision < 0 ? 6 : precision);
    else if (type == '%') body = FixedDigits(d * 100, precision < 0 ? 6 : precision) + "%";
    else if (type == 'e' || type == 'E') {
      char buf[512];
      std::snprintf(buf, sizeof buf, type == 'e' ? "%.*e" : "%.*E", precision < 0 ? 6 : precision, d);
      body = buf;
    } else if (type == 'g' || type == 'G') body = GeneralFormat(d, precision < 0 ? 6 : precision, type == 'G', alt);
    else if (precision >= 0) {
      body = GeneralFormat(d, precision, false, false);
      if (body.find_first_of(".e") == std::string::npos && body.find("inf") == std::string::npos) {
      }
    } else body = FormatFloat(d);
    if (grouping) {
      size_t dot = body.find_first_of(".e%");
      std::string intpart = body.substr(0, dot);
      body = GroupThousands(intpart, grouping) + (dot == std::string::npos ? "" : body.substr(dot));
    }
  } else {
    int64_t n = v.AsInt();
    neg = n < 0;
    uint64_t mag = neg ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
    char buf[80];
    if (type == 'x' || type == 'X') std::snprintf(buf, sizeof buf, type == 'x' ? "%llx" : "%llX", (unsigned long long)mag);
    else if (type == 'o') std::snprintf(buf, sizeof buf, "%llo", (unsigned long long)mag);
    else if (type == 'b') {
      std::string b;
      do { b.insert(b.begin(), static_cast<char>('0' + (mag & 1))); mag >>= 1; } while (mag);
      std::snprintf(buf, sizeof buf, "%s", b.c_str());
    } else if (type == 'c') {
      std::string c;
      AppendUtf8(c, static_cast<char32_t>(mag));
      return Pad(c, width, align ? align : '<', fill);
    } else std::snprintf(buf, sizeof buf, "%llu", (unsigned long long)mag);
    body = buf;
    if (grouping) body = GroupThousands(body, grouping);
    if (alt && (type == 'x' || type == 'X' || type == 'o' || type == 'b')) body = std::string("0") + type + body;
  }
  std::string sign_str = neg ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
  return Pad(sign_str + body, width, align ? align : '>', fill);
}

// Python's printf-style `fmt % args`. With `escape` (Markup % args) each
// string argument is HTML-escaped first.
std::string PercentFormat(Interp& in, const std::string& fmt, const Value& args, bool escape) {
  List positional;
  const Dict* mapping = nullptr;
  if (args.IsTuple()) positional = args.AsList();
  else {
    positional.push_back(args);
    if (args.IsDict()) mapping = &args.AsDict();
  }
  size_t next = 0;
  bool used_mapping = false;
  std::string out;
  auto take = [&]() -> Value {
    if (next >= positional.size()) ThrowTypeError("not enough arguments for format string");
    return positional[next++];
  };
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) Throw("ValueError", "incomplete format");
    Value arg;
    bool have_arg = false;
    if (fmt[i] == '(') {
      size_t close = fmt.find(')', i);
      if (close == std::string::npos) Throw("ValueError", "incomplete format key");
      if (!mapping) ThrowTypeError("format requires a mapping");
      std::string key = fmt.substr(i + 1, close - i - 1);
      const Value* v = mapping->Find(key);
      if (!v) Throw("KeyError", ReprString(key));
      arg = *v;
      have_arg = true;
      used_mapping = true;
      i = close + 1;
    }
    std::string flags;
    while (i < fmt.size() && std::string_view("-+ #0").find(fmt[i]) != std::string_view::npos) flags += fmt[i++];
    std::string width;
    if (i < fmt.size() && fmt[i] == '*') {
      width = std::to_string(take().AsInt());
      ++i;
    }
    while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) width += fmt[i++];
    int precision = -1;
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      precision = 0;
      while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) precision = precision * 10 + (fmt[i++] - '0');
    }
    while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'L')) ++i;
    if (i >= fmt.size()) Throw("ValueError", "incomplete format");
    char conv = fmt[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (!have_arg) arg = take();
    std::string spec;
    char align = flags.find('-') != std::string::npos ? '<' : '>';
    std::string piece;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        std::string s = conv == 's' ? in.Str(arg) : arg.Repr();
        if (escape && !arg.IsMarkup()) s = EscapeHtml(s);
        if (precision >= 0) s = FromU32(ToU32(s).substr(0, static_cast<size_t>(precision)));
        piece = s;
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o':
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'c': {
        if (!arg.IsNumber()) {
          if (conv == 'c' && arg.IsString()) {
            piece = arg.AsString();
            break;
          }
          ThrowTypeError(std::string("%") + conv + " format: a " + (conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c' ? "integer" : "real number") + " is required, not " + arg.TypeName());
        }
        Value num = arg;
        if (conv == 'd' || conv == 'i' || conv == 'u') num = Value(static_cast<int64_t>(arg.AsDouble() < 0 ? std::ceil(arg.AsDouble()) : std::floor(arg.AsDouble())));
        if (arg.IsInt() || arg.IsBool()) num = Value(arg.AsInt());
        std::string sp;
        if (flags.find('+') != std::string::npos) sp += '+';
        else if (flags.find(' ') != std::string::npos) sp += ' ';
        if (flags.find('#') != std::string::npos) sp += '#';
        if (precision >= 0 && conv != 'd' && conv != 'i' && conv != 'u') sp += "." + std::to_string(precision);
        char t = conv == 'i' || conv == 'u' ? 'd' : conv;
        if ((t == 'x' || t == 'X' || t == 'o') && num.IsFloat()) ThrowTypeError(std::string("%") + conv + " format: an integer is required, not float");
        sp += t;
        piece = ApplyFormatSpec(in, num, sp);
        if (conv == 'o' && flags.find('#') != std::string::npos) {
          size_t p = piece.find("0o");
          if (p != std::string::npos) piece.replace(p, 2, "0o");
        }
        break;
      }
      default:
        Throw("ValueError", std::string("unsupported format character '") + conv + "' (0x" +
                                [&] { char b[8]; std::snprintf(b, sizeof b, "%x", static_cast<unsigned char>(conv)); return std::string(b); }() +
                                ") at index " + std::to_string(i));
    }
    size_t w = width.empty() ? 0 : std::stoul(width);
    if (flags.find('0') != std::string::npos && align == '>' && conv != 's' && conv != 'r')
      piece = Pad(piece, w, '=', '0');
    else
      piece = Pad(piece, w, align, ' ');
    out += piece;
  }
  if (!used_mapping && next < positional.size() && !mapping)
    ThrowTypeError("not all arguments converted during string formatting");
  return out;
}

// str.format: {} / {0} / {name}, optional .attr / [key] chains, !r/!s
// conversions and a format spec.
std::string BraceFormat(Interp& in, const std::string& fmt, const Args& args) {
  std::string out;
  size_t auto_index = 0;
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') ++i;
      else if (true) Throw("ValueError", "Single '}' encountered in format string");
      out += '}';
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    size_t close = fmt.find('}', i);
    if (close == std::string::npos) Throw("ValueError", "Single '{' encountered in format string");
    std::string field = fmt.substr(i + 1, close - i - 1);
    i = close;
    std::string spec, conv;
    size_t colon = field.find(':');
    if (colon != std::string::npos) {
      spec = field.substr(colon + 1);
      field = field.substr(0, colon);
    }
    size_t bang = field.find('!');
    if (bang != std::string::npos) {
      conv = field.substr(bang + 1);
      field = field.substr(0, bang);
    }
    size_t end = field.find_first_of(".[");
    std::string head = field.substr(0, end);
    Value v;
    if (head.empty()) {
      if (auto_index >= args.positional.size()) Throw("IndexError", "Replacement index " + std::to_string(auto_index) + " out of range for positional args tuple");
      v = args.positional[auto_index++];
    } else if (std::isdigit(static_cast<unsigned char>(head[0]))) {
      size_t idx = std::stoul(head);
      if (idx >= args.positional.size()) Throw("IndexError", "Replacement index " + head + " out of range for positional args tuple");
      v = args.positional[idx];
    } else {
      const Value* kv = args.Keyword(head);
      if (!kv) Throw("KeyError", ReprString(head));
      v = *kv;
    }
    while (end != std::string::npos && end < field.size()) {
      if (field[end] == '.') {
        size_t next = field.find_first_of(".[", end + 1);
        v = in.GetAttr(v, field.substr(end + 1, next == std::string::npos ? std::string::npos : next - end - 1));
        end = next;
      } else {
        size_t rb = field.find(']', end);
        std::string key = field.substr(end + 1, rb - end - 1);
        v = in.GetItem(v, !key.empty() && std::isdigit(static_cast<unsigned char>(key[0])) ? Value(static_cast<int64_t>(std::stoll(key))) : Value(key));
        end = rb + 1 < field.size() ? rb + 1 : std::string::npos;
      }
    }
    if (conv == "r") v = Value(v.Repr());
    else if (conv == "s") v = Value(in.Str(v));
    if (v.IsObject() && !spec.empty()) {
      if (auto f = v.AsObject()->GetAttr("__format__")) {
        Args a;
        a.positional.push_back(Value(spec));
        out += in.Str(in.Call(*f, a));
        continue;
      }
    }
    out += spec.empty() ? in.Str(v) : ApplyFormatSpec(in, v, spec);
  }
  return out;
}

namespace {

void JsonString(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    char buf[16];
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '<': out += "\\u003c"; break;
        case '>': out += "\\u003e"; break;
        case '&': out += "\\u0026"; break;
        case '\'': out += "\\u0027"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else out += static_cast<char>(c);
      }
      continue;
    }
    char32_t cp = DecodeUtf8(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
    }
    out += buf;
  }
  out += '"';
}

std::string JsonKey(const Value& k) {
  if (k.IsString()) return k.AsString();
  if (k.IsBool()) return k.AsBool() ? "true" : "false";
  if (k.IsNone()) return "null";
  if (k.IsNumber()) return k.Repr();
  ThrowTypeError("keys must be str, int, float, bool or None, not " + k.TypeName());
}

}  // namespace

// json.dumps(value, sort_keys=True[, indent]) followed by Jinja's
// htmlsafe replacements of < > & '.
std::string ToJson(const Value& v, int indent, int level) {
  std::string out;
  auto newline = [&](int lvl) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent * lvl), ' ');
  };
  switch (v.type()) {
    case Type::kNone: return "null";
    case Type::kBool: return v.AsBool() ? "true" : "false";
    case Type::kInt: return v.Repr();
    case Type::kFloat: {
      double d = v.AsDouble();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      return FormatFloat(d);
    }
    case Type::kString: JsonString(out, v.AsString()); return out;
    case Type::kList:
    case Type::kTuple: {
      const List& l = v.AsList();
      if (l.empty()) return "[]";
      out += '[';
      for (size_t i = 0; i < l.size(); ++i) {
        if (i) out += indent < 0 ? ", " : ",";
        newline(level + 1);
        out += ToJson(l[i], indent, level + 1);
      }
      newline(level);
      return out + "]";
    }
    case Type::kDict: {
      std::vector<std::pair<std::string, const Value*>> items;
      for (const auto& [k, x] : v.AsDict().items()) items.emplace_back(JsonKey(k), &x);
      std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      if (items.empty()) return "{}";
      out += '{';
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += indent < 0 ? ", " : ",";
        newline(level + 1);
        JsonString(out, items[i].first);
        out += ": ";
        out += ToJson(*items[i].second, indent, level + 1);
      }
      newline(level);
      return out + "}";
    }
    case Type::kObject:
      if (auto items = v.AsObject()->Iterate()) return ToJson(Value::MakeList(*items), indent, level);
      [[fallthrough]];
    default: ThrowTypeError("Object of type " + v.TypeName() + " is not JSON serializable");
  }
}

}  // namespace stacks::tmpl
