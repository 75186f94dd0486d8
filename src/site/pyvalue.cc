#include "site/pyvalue.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "base/base.h"

namespace stacks::site {

PyValue PyValue::Bool(bool b) {
  PyValue v;
  v.kind = Kind::kBool;
  v.boolean = b;
  return v;
}
PyValue PyValue::Int(int64_t i) {
  PyValue v;
  v.kind = Kind::kInt;
  v.integer = i;
  return v;
}
PyValue PyValue::Float(double d) {
  PyValue v;
  v.kind = Kind::kFloat;
  v.real = d;
  return v;
}
PyValue PyValue::Str(std::string s) {
  PyValue v;
  v.kind = Kind::kStr;
  v.str = std::move(s);
  return v;
}
PyValue PyValue::List(std::vector<PyValue> items) {
  PyValue v;
  v.kind = Kind::kList;
  v.items = std::move(items);
  return v;
}
PyValue PyValue::Tuple(std::vector<PyValue> items) {
  PyValue v = List(std::move(items));
  v.kind = Kind::kTuple;
  return v;
}
PyValue PyValue::Dict() {
  PyValue v;
  v.kind = Kind::kDict;
  return v;
}
PyValue PyValue::Opaque(std::string source_text) {
  PyValue v;
  v.kind = Kind::kOpaque;
  v.str = std::move(source_text);
  return v;
}

bool PyValue::ContainsOpaque() const {
  if (kind == Kind::kOpaque) return true;
  for (const PyValue& item : items)
    if (item.ContainsOpaque()) return true;
  for (const auto& [k, val] : entries)
    if (k.ContainsOpaque() || val.ContainsOpaque()) return true;
  return false;
}

bool PyValue::Truthy() const {
  switch (kind) {
    case Kind::kNone: return false;
    case Kind::kBool: return boolean;
    case Kind::kInt: return integer != 0;
    case Kind::kFloat: return real != 0;
    case Kind::kStr: return !str.empty();
    case Kind::kList:
    case Kind::kTuple: return !items.empty();
    case Kind::kDict: return !entries.empty();
    case Kind::kOpaque: return true;
  }
  return false;
}

PyValue* PyValue::Find(const PyValue& key) {
  for (auto& [k, val] : entries)
    if (k == key) return &val;
  return nullptr;
}

void PyValue::Set(PyValue key, PyValue value) {
  if (PyValue* existing = Find(key)) {
    *existing = std::move(value);
    return;
  }
  entries.emplace_back(std::move(key), std::move(value));
}

static double AsDouble(const PyValue& v) {
  if (v.kind == PyValue::Kind::kFloat) return v.real;
  if (v.kind == PyValue::Kind::kBool) return v.boolean;
  return static_cast<double>(v.integer);
}

// Numbers compare by value across int/float/bool as in Python; everything
// else compares structurally.
bool PyValue::operator==(const PyValue& other) const {
  if (IsNumber() && other.IsNumber()) return AsDouble(*this) == AsDouble(other);
  if (kind != other.kind) return false;
  switch (kind) {
    case Kind::kNone: return true;
    case Kind::kStr:
    case Kind::kOpaque: return str == other.str;
    case Kind::kList:
    case Kind::kTuple: return items == other.items;
    case Kind::kDict: return entries == other.entries;
    default: return false;
  }
}

// ---- repr / str -------------------------------------------------------------

// Python picks single quotes unless the text holds a single quote and no
// double quote; control characters become \xNN (or \n, \r, \t), and printable
// non-ASCII characters stay as they are.
static std::string StrRepr(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = DecodeUtf8(s, i);
    char buf[12];
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s, start, i - start);
    }
  }
  out.push_back(quote);
  return out;
}

std::string FloatRepr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  int exponent = std::stoi(sci.substr(e + 1));
  std::string sign;
  if (mantissa[0] == '-') {
    sign = "-";
    mantissa.erase(0, 1);
  }
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits.push_back(c);
  if (exponent < -4 || exponent >= 16) {
    std::string m = digits.substr(0, 1);
    if (digits.size() > 1) m += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return sign + m + exp_buf;
  }
  std::string out;
  if (exponent < 0) {
    out = "0." + std::string(-exponent - 1, '0') + digits;
  } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
    out = digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
  } else {
    out = digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
  }
  return sign + out;
}

std::string Repr(const PyValue& v) {
  using K = PyValue::Kind;
  switch (v.kind) {
    case K::kNone: return "None";
    case K::kBool: return v.boolean ? "True" : "False";
    case K::kInt: return std::to_string(v.integer);
    case K::kFloat: return FloatRepr(v.real);
    case K::kStr: return StrRepr(v.str);
    case K::kOpaque: return v.str;
    case K::kList:
    case K::kTuple: {
      std::vector<std::string> parts;
      for (const PyValue& item : v.items) parts.push_back(Repr(item));
      std::string inner = Join(parts, ", ");
      if (v.kind == K::kList) return "[" + inner + "]";
      return "(" + inner + (v.items.size() == 1 ? ",)" : ")");
    }
    case K::kDict: {
      std::vector<std::string> parts;
      for (const auto& [k, val] : v.entries) parts.push_back(Repr(k) + ": " + Repr(val));
      return "{" + Join(parts, ", ") + "}";
    }
  }
  return "";
}

std::string Str(const PyValue& v) { return v.kind == PyValue::Kind::kStr ? v.str : Repr(v); }

// ---- printf-style formatting ------------------------------------------------

namespace {

struct FormatSpec {
  std::string flags;
  int width = -1;
  int precision = -1;
  char type = 's';
};

std::string Pad(std::string text, const FormatSpec& spec, bool numeric) {
  size_t len = CountCodePoints(text);
  if (spec.width < 0 || len >= static_cast<size_t>(spec.width)) return text;
  size_t fill = spec.width - len;
  if (spec.flags.find('-') != std::string::npos) return text + std::string(fill, ' ');
  if (numeric && spec.flags.find('0') != std::string::npos) {
    size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == ' ')) ? 1 : 0;
    return text.substr(0, sign) + std::string(fill, '0') + text.substr(sign);
  }
  return std::string(fill, ' ') + text;
}

std::string TruncateCodePoints(const std::string& s, int n) {
  if (n < 0) return s;
  size_t i = 0;
  for (int k = 0; k < n && i < s.size(); ++k) DecodeUtf8(s, i);
  return s.substr(0, i);
}

// Numbers go through C's snprintf with the same flags, which is what Python
// does for these conversions.
std::optional<std::string> FormatNumber(const PyValue& arg, const FormatSpec& spec, std::string* error) {
  if (!arg.IsNumber()) {
    *error = std::string("%") + spec.type + " format: a real number is required, not " +
             (arg.kind == PyValue::Kind::kStr ? "str" : "object");
    return std::nullopt;
  }
  std::string c_flags;
  for (char f : spec.flags)
    if (f != '-' && f != '0') c_flags.push_back(f);
  std::string fmt = "%" + c_flags;
  if (spec.precision >= 0) fmt += "." + std::to_string(spec.precision);
  char buf[512];
  bool integral = std::string_view("diuxXo").find(spec.type) != std::string_view::npos;
  if (integral) {
    long long value = arg.kind == PyValue::Kind::kFloat ? static_cast<long long>(arg.real)
                                                        : static_cast<long long>(AsDouble(arg));
    if (arg.kind == PyValue::Kind::kInt) value = arg.integer;
    char type = spec.type == 'i' || spec.type == 'u' ? 'd' : spec.type;
    fmt += std::string("ll") + type;
    std::snprintf(buf, sizeof buf, fmt.c_str(), value);
  } else {
    fmt.push_back(spec.type);
    std::snprintf(buf, sizeof buf, fmt.c_str(), AsDouble(arg));
  }
  return Pad(buf, spec, true);
}

std::optional<std::string> FormatOne(const PyValue& arg, const FormatSpec& spec, std::string* error) {
  switch (spec.type) {
    case 's': return Pad(TruncateCodePoints(Str(arg), spec.precision), spec, false);
    case 'r':
    case 'a': return Pad(TruncateCodePoints(Repr(arg), spec.precision), spec, false);
    case 'c': {
      std::string out;
      if (arg.kind == PyValue::Kind::kInt) AppendUtf8(out, static_cast<char32_t>(arg.integer));
      else if (arg.kind == PyValue::Kind::kStr && CountCodePoints(arg.str) == 1) out = arg.str;
      else {
        *error = "%c requires int or char";
        return std::nullopt;
      }
      return Pad(out, spec, false);
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
      return FormatNumber(arg, spec, error);
    default:
      *error = std::string("unsupported format character '") + spec.type + "'";
      return std::nullopt;
  }
}

}  // namespace

// Walks the format string; each `%` starts a spec `%[(key)][flags][width][.precision]type`
// whose argument comes from the mapping (with a key) or the next positional one.
std::optional<std::string> PercentFormat(const std::string& format, const PyValue& args, std::string* error) {
  std::vector<PyValue> positional;
  if (args.kind == PyValue::Kind::kTuple) positional = args.items;
  else positional.push_back(args);
  size_t next = 0;
  bool used_mapping = false;
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.push_back(format[i]);
      continue;
    }
    if (++i >= format.size()) {
      *error = "incomplete format";
      return std::nullopt;
    }
    const PyValue* arg = nullptr;
    if (format[i] == '(') {
      size_t close = format.find(')', i);
      if (close == std::string::npos || args.kind != PyValue::Kind::kDict) {
        *error = close == std::string::npos ? "incomplete format key" : "format requires a mapping";
        return std::nullopt;
      }
      PyValue key = PyValue::Str(format.substr(i + 1, close - i - 1));
      arg = const_cast<PyValue&>(args).Find(key);
      if (!arg) {
        *error = "KeyError: " + Repr(key);
        return std::nullopt;
      }
      used_mapping = true;
      i = close + 1;
    }
    FormatSpec spec;
    while (i < format.size() && std::string_view("-+ #0").find(format[i]) != std::string_view::npos)
      spec.flags.push_back(format[i++]);
    auto read_number = [&](int* target) {
      if (i < format.size() && format[i] == '*') {
        *error = "* width is not supported";
        return false;
      }
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i])))
        *target = std::max(*target, 0) * 10 + (format[i++] - '0');
      return true;
    };
    if (!read_number(&spec.width)) return std::nullopt;
    if (i < format.size() && format[i] == '.') {
      ++i;
      spec.precision = 0;
      if (!read_number(&spec.precision)) return std::nullopt;
    }
    while (i < format.size() && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L')) ++i;
    if (i >= format.size()) {
      *error = "incomplete format";
      return std::nullopt;
    }
    spec.type = format[i];
    if (spec.type == '%') {
      out.push_back('%');
      continue;
    }
    if (!arg) {
      if (next >= positional.size()) {
        *error = "not enough arguments for format string";
        return std::nullopt;
      }
      arg = &positional[next++];
    }
    std::optional<std::string> piece = FormatOne(*arg, spec, error);
    if (!piece) return std::nullopt;
    out += *piece;
  }
  bool mapping_arg = args.kind == PyValue::Kind::kDict;
  if (!used_mapping && !mapping_arg && next < positional.size()) {
    *error = "not all arguments converted during string formatting";
    return std::nullopt;
  }
  return out;
}

// ---- str.format ---------------------------------------------------------------

namespace {

struct BraceSpec {
  char fill = ' ';
  char align = 0;
  char sign = '-';
  bool alternate = false;
  int width = -1;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

bool ParseBraceSpec(const std::string& s, BraceSpec* spec) {
  size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (s.size() >= 2 && is_align(s[1])) {
    spec->fill = s[0];
    spec->align = s[1];
    i = 2;
  } else if (!s.empty() && is_align(s[0])) {
    spec->align = s[0];
    i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec->sign = s[i++];
  if (i < s.size() && s[i] == '#') spec->alternate = true, ++i;
  if (i < s.size() && s[i] == '0') {
    if (!spec->align) spec->fill = '0', spec->align = '=';
    ++i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
    spec->width = std::max(spec->width, 0) * 10 + (s[i++] - '0');
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec->grouping = s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    spec->precision = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      spec->precision = spec->precision * 10 + (s[i++] - '0');
  }
  if (i < s.size()) spec->type = s[i++];
  return i == s.size() && !spec->grouping;
}

std::string AlignText(std::string text, const BraceSpec& spec, char default_align) {
  size_t len = CountCodePoints(text);
  if (spec.width < 0 || len >= static_cast<size_t>(spec.width)) return text;
  size_t fill = spec.width - len;
  char align = spec.align ? spec.align : default_align;
  std::string f(1, spec.fill);
  auto repeat = [&](size_t n) {
    std::string r;
    for (size_t k = 0; k < n; ++k) r += f;
    return r;
  };
  switch (align) {
    case '<': return text + repeat(fill);
    case '^': return repeat(fill / 2) + text + repeat(fill - fill / 2);
    case '=': {
      size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == ' ')) ? 1 : 0;
      return text.substr(0, sign) + repeat(fill) + text.substr(sign);
    }
    default: return repeat(fill) + text;
  }
}

std::optional<std::string> ApplyBraceSpec(const PyValue& v, const std::string& spec_text, std::string* error) {
  BraceSpec spec;
  if (!ParseBraceSpec(spec_text, &spec)) {
    *error = "Invalid format specifier '" + spec_text + "'";
    return std::nullopt;
  }
  if (v.kind == PyValue::Kind::kStr || (!v.IsNumber() && spec.type == 0) || spec.type == 's') {
    if (v.kind != PyValue::Kind::kStr && !spec_text.empty()) {
      *error = "unsupported format string passed to " + Repr(v) + ".__format__";
      return std::nullopt;
    }
    return AlignText(TruncateCodePoints(Str(v), spec.precision), spec, '<');
  }
  FormatSpec printf_spec;
  if (spec.sign != '-') printf_spec.flags.push_back(spec.sign);
  if (spec.alternate) printf_spec.flags.push_back('#');
  printf_spec.precision = spec.precision;
  char type = spec.type;
  if (type == 0) type = v.kind == PyValue::Kind::kFloat ? 'r' : 'd';
  std::string body;
  if (type == 'r') {
    body = FloatRepr(v.real);
    if (spec.sign == '+' && v.real >= 0) body = "+" + body;
  } else if (type == 'n') {
    type = 'd';
  }
  if (body.empty()) {
    if (type == 'b' || type == '%') {
      *error = std::string("format type '") + type + "' is not supported";
      return std::nullopt;
    }
    printf_spec.type = type;
    if (std::string_view("eEfFgG").find(type) != std::string_view::npos && spec.precision < 0 && type != 'g' &&
        type != 'G')
      printf_spec.precision = 6;
    std::optional<std::string> formatted = FormatNumber(v, printf_spec, error);
    if (!formatted) return std::nullopt;
    body = *formatted;
  }
  return AlignText(body, spec, '>');
}

// A field name is `first(.attr|[key])*`; only item lookups on dicts, lists
// and tuples can be resolved.
std::optional<PyValue> ResolveField(const std::string& field, size_t* auto_index,
                                    const std::vector<PyValue>& positional,
                                    const std::vector<std::pair<std::string, PyValue>>& named,
                                    std::string* error) {
  size_t end = field.find_first_of(".[");
  std::string first = field.substr(0, end);
  PyValue value;
  if (first.empty() || std::isdigit(static_cast<unsigned char>(first[0]))) {
    size_t index = first.empty() ? (*auto_index)++ : std::stoul(first);
    if (index >= positional.size()) {
      *error = "Replacement index " + std::to_string(index) + " out of range for positional args tuple";
      return std::nullopt;
    }
    value = positional[index];
  } else {
    bool found = false;
    for (const auto& [name, v] : named)
      if (name == first) value = v, found = true;
    if (!found) {
      *error = "KeyError: '" + first + "'";
      return std::nullopt;
    }
  }
  size_t i = end;
  while (i != std::string::npos && i < field.size()) {
    if (field[i] != '[') {
      *error = "attribute lookups in format fields are not supported";
      return std::nullopt;
    }
    size_t close = field.find(']', i);
    if (close == std::string::npos) {
      *error = "Missing ']' in format string";
      return std::nullopt;
    }
    std::string key = field.substr(i + 1, close - i - 1);
    bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
    PyValue* item = nullptr;
    if (value.kind == PyValue::Kind::kDict) {
      item = value.Find(numeric ? PyValue::Int(std::stoll(key)) : PyValue::Str(key));
    } else if (value.IsSequence() && numeric && std::stoul(key) < value.items.size()) {
      item = &value.items[std::stoul(key)];
    }
    if (!item) {
      *error = "KeyError: '" + key + "'";
      return std::nullopt;
    }
    PyValue copy = *item;
    value = std::move(copy);
    i = close + 1;
  }
  return value;
}

}  // namespace

// Copies text, turning `{{`/`}}` into braces and each `{field!conv:spec}` into
// the formatted argument.
std::optional<std::string> BraceFormat(const std::string& format, const std::vector<PyValue>& positional,
                                       const std::vector<std::pair<std::string, PyValue>>& named,
                                       std::string* error) {
  std::string out;
  size_t auto_index = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '}' ) {
      if (i + 1 < format.size() && format[i + 1] == '}') {
        out.push_back('}');
        ++i;
        continue;
      }
      *error = "Single '}' encountered in format string";
      return std::nullopt;
    }
    if (c != '{') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '{') {
      out.push_back('{');
      ++i;
      continue;
    }
    size_t close = format.find('}', i);
    if (close == std::string::npos) {
      *error = "Single '{' encountered in format string";
      return std::nullopt;
    }
    std::string inside = format.substr(i + 1, close - i - 1);
    std::string spec;
    char conversion = 0;
    size_t colon = inside.find(':');
    if (colon != std::string::npos) spec = inside.substr(colon + 1), inside.resize(colon);
    size_t bang = inside.find('!');
    if (bang != std::string::npos) {
      if (bang + 2 != inside.size()) {
        *error = "expected ':' after conversion specifier";
        return std::nullopt;
      }
      conversion = inside[bang + 1];
      inside.resize(bang);
    }
    std::optional<PyValue> value = ResolveField(inside, &auto_index, positional, named, error);
    if (!value) return std::nullopt;
    if (conversion == 'r' || conversion == 'a') *value = PyValue::Str(Repr(*value));
    else if (conversion == 's') *value = PyValue::Str(Str(*value));
    std::optional<std::string> piece = ApplyBraceSpec(*value, spec, error);
    if (!piece) return std::nullopt;
    out += *piece;
    i = close;
  }
  return out;
}

// ---- Python callables templates implement --------------------------------------

bool IsTemplateBuiltin(std::string_view name) {
  static const std::set<std::string, std::less<>> kFunctions = {
      "abs",   "bool",  "float",  "int",      "len",   "list",  "max",           "min",
      "repr",  "round", "sorted", "reversed", "str",   "sum",   "tuple",         "os.path.basename",
      "os.path.dirname"};
  static const std::set<std::string, std::less<>> kStrMethods = {
      "upper",  "lower",   "casefold",  "title",      "capitalize", "center",     "strip",     "lstrip",
      "rstrip", "split",   "rsplit",    "splitlines", "startswith", "endswith",   "replace",   "join",
      "format", "find",    "rfind",     "count",      "isdigit",    "isnumeric",  "isdecimal", "isalpha",
      "isalnum", "isspace", "islower",  "isupper",    "istitle",    "ljust",      "rjust",     "zfill",
      "swapcase", "removeprefix", "removesuffix", "partition", "rpartition"};
  if (kFunctions.count(name)) return true;
  return name.starts_with("str.") && kStrMethods.count(name.substr(4));
}

PyValue TemplateBuiltinValue(const std::string& dotted_name) {
  PyValue v = PyValue::Dict();
  v.Set(PyValue::Str("$python"), PyValue::Str(dotted_name));
  return v;
}

std::optional<std::string> TemplateBuiltinName(const nlohmann::ordered_json& j) {
  if (!j.is_object() || j.size() != 1 || !j.contains("$python") || !j["$python"].is_string()) return std::nullopt;
  std::string name = j["$python"].get<std::string>();
  if (!IsTemplateBuiltin(name)) return std::nullopt;
  return name;
}

// ---- JSON ---------------------------------------------------------------------

static std::string EscapePointerToken(const std::string& s) {
  return ReplaceAll(ReplaceAll(s, "~", "~0"), "/", "~1");
}

nlohmann::ordered_json ToJson(const PyValue& v, const std::string& pointer,
                              std::vector<std::string>* tuple_pointers) {
  using K = PyValue::Kind;
  switch (v.kind) {
    case K::kNone:
    case K::kOpaque: return nullptr;
    case K::kBool: return v.boolean;
    case K::kInt: return v.integer;
    case K::kFloat: return v.real;
    case K::kStr: return v.str;
    case K::kList:
    case K::kTuple: {
      if (v.kind == K::kTuple && tuple_pointers) tuple_pointers->push_back(pointer);
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const PyValue& item : v.items) {
        if (item.kind == K::kOpaque) continue;
        arr.push_back(ToJson(item, pointer + "/" + std::to_string(arr.size()), tuple_pointers));
      }
      return arr;
    }
    case K::kDict: {
      nlohmann::ordered_json obj = nlohmann::ordered_json::object();
      for (const auto& [k, val] : v.entries) {
        if (k.kind == K::kOpaque || val.kind == K::kOpaque) continue;
        std::string key = Str(k);
        obj[key] = ToJson(val, pointer + "/" + EscapePointerToken(key), tuple_pointers);
      }
      return obj;
    }
  }
  return nullptr;
}

PyValue FromJson(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean: return PyValue::Bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return PyValue::Int(j.get<int64_t>());
    case nlohmann::json::value_t::number_float: return PyValue::Float(j.get<double>());
    case nlohmann::json::value_t::string: return PyValue::Str(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<PyValue> items;
      for (const auto& item : j) items.push_back(FromJson(item));
      return PyValue::List(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      PyValue dict = PyValue::Dict();
      for (const auto& [k, val] : j.items()) dict.Set(PyValue::Str(k), FromJson(val));
      return dict;
    }
    default: return PyValue::None();
  }
}

}  // namespace stacks::site
