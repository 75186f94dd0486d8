#include "template/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/base.h"
#include "template/bigint.h"

namespace stacks::tmpl {

std::string UndefinedInfo::Message() const {
  if (!hint.empty()) return hint;
  if (obj_type.empty()) return ReprString(name) + " is undefined";
  if (!name_is_str) return obj_type + " has no element " + name;
  return ReprString(obj_type) + " has no attribute " + ReprString(name);
}

Value Value::Undefined(std::string name, std::string obj_type, bool name_is_str) {
  Value v;
  auto info = std::make_shared<UndefinedInfo>();
  info->name = std::move(name);
  info->obj_type = std::move(obj_type);
  info->name_is_str = name_is_str;
  v.data_ = std::shared_ptr<const UndefinedInfo>(std::move(info));
  return v;
}

Value Value::UndefinedHint(std::string hint) {
  Value v;
  auto info = std::make_shared<UndefinedInfo>();
  info->hint = std::move(hint);
  v.data_ = std::shared_ptr<const UndefinedInfo>(std::move(info));
  return v;
}

Value Value::LenientUndefined(std::string hint) {
  Value v;
  auto info = std::make_shared<UndefinedInfo>();
  info->hint = std::move(hint);
  info->lenient = true;
  v.data_ = std::shared_ptr<const UndefinedInfo>(std::move(info));
  return v;
}

Value Value::MakeList(List items) {
  Value v;
  v.type_ = Type::kList;
  v.data_ = std::make_shared<List>(std::move(items));
  return v;
}

Value Value::MakeTuple(List items) {
  Value v = MakeList(std::move(items));
  v.type_ = Type::kTuple;
  return v;
}

Value Value::MakeDict() { return MakeDict(std::make_shared<Dict>()); }

Value Value::MakeDict(std::shared_ptr<Dict> d) {
  Value v;
  v.type_ = Type::kDict;
  v.data_ = std::move(d);
  return v;
}

Value Value::MakeObject(std::shared_ptr<Object> o) {
  Value v;
  v.type_ = Type::kObject;
  v.data_ = std::move(o);
  return v;
}

bool Value::IsMarkup() const {
  if (type_ == Type::kString) return safe_;
  if (type_ == Type::kObject) return AsObject()->IsSafe();
  return false;
}

bool Value::IsCallable() const { return type_ == Type::kObject && AsObject()->IsCallable(); }

double Value::AsDouble() const {
  if (type_ == Type::kFloat) return std::get<double>(data_);
  if (const BigInt* b = AsBig()) return b->ToDouble();
  return static_cast<double>(AsInt());
}

Value Value::FromBig(BigInt b) {
  if (auto i = b.ToInt64()) return Value(*i);
  Value v(int64_t{0});
  v.data_ = std::make_shared<const BigInt>(std::move(b));
  return v;
}

const BigInt* Value::AsBig() const {
  if (auto p = std::get_if<std::shared_ptr<const BigInt>>(&data_)) return p->get();
  return nullptr;
}

BigInt Value::ToBig() const {
  if (const BigInt* b = AsBig()) return *b;
  return BigInt(AsInt());
}

int64_t Value::BigSaturated() const {
  const BigInt* b = AsBig();
  return b && b->IsNegative() ? INT64_MIN : INT64_MAX;
}

const UndefinedInfo* Value::undefined_info() const {
  if (auto p = std::get_if<std::shared_ptr<const UndefinedInfo>>(&data_)) return p->get();
  return nullptr;
}

bool Value::Truthy() const {
  switch (type_) {
    case Type::kUndefined:
    case Type::kNone: return false;
    case Type::kBool: return AsBool();
    case Type::kInt: return AsInt() != 0;
    case Type::kFloat: return AsDouble() != 0.0;
    case Type::kString: return !AsString().empty();
    case Type::kList:
    case Type::kTuple: return !AsList().empty();
    case Type::kDict: return !AsDict().empty();
    case Type::kObject: return AsObject()->Truthy();
  }
  return false;
}

// Python prints floats with the shortest digits that round-trip, in fixed
// notation when the decimal exponent is in [-4, 16), else as d.ddde+XX.
std::string FormatFloat(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  std::string sign;
  if (s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  size_t e = s.find('e');
  int exp = std::stoi(s.substr(e + 1));
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (s[i] != '.') digits.push_back(s[i]);
  int n = static_cast<int>(digits.size());
  std::string out;
  if (exp >= -4 && exp < 16) {
    if (exp >= n - 1) {
      out = digits + std::string(exp - n + 1, '0') + ".0";
    } else if (exp >= 0) {
      out = digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
    } else {
      out = "0." + std::string(-exp - 1, '0') + digits;
    }
  }
  if (out.empty()) {
    out = digits.substr(0, 1);
    if (n > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
  }
  return sign + out;
}

// Python's repr(str): single quotes unless the text holds ' but no ", escapes
// for backslash, the quote, control characters and non-printable Latin-1.
std::string ReprString(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      if (c == '\\') out += "\\\\";
      else if (c == static_cast<unsigned char>(quote)) { out += '\\'; out += quote; }
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20 || c == 0x7f) {
        char b[8];
        std::snprintf(b, sizeof b, "\\x%02x", c);
        out += b;
      } else out += static_cast<char>(c);
      continue;
    }
    size_t start = i;
    char32_t cp = DecodeUtf8(s, i);
    bool invisible = (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
                     (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
                     cp == 0x061C || cp == 0x180E || (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0x2000 ||
                     (cp >= 0x2001 && cp <= 0x200A) || cp == 0x205F || cp == 0x3000 || cp == 0x1680;
    if (cp <= 0xA0 || cp == 0xAD) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", static_cast<unsigned>(cp));
      out += b;
    } else if (invisible) {
      char b[16];
      std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned>(cp));
      out += b;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out += quote;
  return out;
}

// Copies runs of plain text at once, replacing only the five specials.
std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&#34;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.substr(start, i - start));
    out.append(rep);
    start = i + 1;
  }
  out.append(s.substr(start));
  return out;
}

namespace {

std::string JoinRepr(const List& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i].Repr();
  }
  return out;
}

}  // namespace

std::string Value::Str() const {
  switch (type_) {
    case Type::kUndefined: return "";
    case Type::kString: return AsString();
    case Type::kObject: return AsObject()->Str();
    default: return Repr();
  }
}

std::string Value::Repr() const {
  switch (type_) {
    case Type::kUndefined: return "Undefined";
    case Type::kNone: return "None";
    case Type::kBool: return AsBool() ? "True" : "False";
    case Type::kInt: return AsBig() ? AsBig()->ToString() : std::to_string(AsInt());
    case Type::kFloat: return FormatFloat(AsDouble());
    case Type::kString: return safe_ ? "Markup(" + ReprString(AsString()) + ")" : ReprString(AsString());
    case Type::kList: return "[" + JoinRepr(AsList()) + "]";
    case Type::kTuple: {
      const List& l = AsList();
      return "(" + JoinRepr(l) + (l.size() == 1 ? ",)" : ")");
    }
    case Type::kDict: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : AsDict().items()) {
        if (!first) out += ", ";
        first = false;
        out += k.Repr() + ": " + v.Repr();
      }
      return out + "}";
    }
    case Type::kObject: return AsObject()->Repr();
  }
  return "";
}

bool Value::Equals(const Value& other) const {
  if (IsNumber() && other.IsNumber()) {
    if (type_ == Type::kFloat || other.type_ == Type::kFloat) return AsDouble() == other.AsDouble();
    if (AsBig() || other.AsBig()) return ToBig().Compare(other.ToBig()) == 0;
    return AsInt() == other.AsInt();
  }
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kUndefined:
    case Type::kNone: return true;
    case Type::kString: return AsString() == other.AsString();
    case Type::kList:
    case Type::kTuple: {
      const List& a = AsList();
      const List& b = other.AsList();
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!a[i].Equals(b[i])) return false;
      return true;
    }
    case Type::kDict: {
      const Dict& a = AsDict();
      const Dict& b = other.AsDict();
      if (a.size() != b.size()) return false;
      for (const auto& [k, v] : a.items()) {
        const Value* ov = b.Find(k);
        if (!ov || !ov->Equals(v)) return false;
      }
      return true;
    }
    case Type::kObject: return AsObject()->Equals(*other.AsObject());
    default: return false;
  }
}

bool Value::SameIdentity(const Value& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kList:
    case Type::kTuple: return &AsList() == &other.AsList();
    case Type::kDict: return &AsDict() == &other.AsDict();
    case Type::kObject: return AsObject() == other.AsObject();
    default: return Equals(other);
  }
}

std::string Value::TypeName() const {
  switch (type_) {
    case Type::kUndefined: return "Undefined";
    case Type::kNone: return "NoneType";
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kFloat: return "float";
    case Type::kString: return safe_ ? "Markup" : "str";
    case Type::kList: return "list";
    case Type::kTuple: return "tuple";
    case Type::kDict: return "dict";
    case Type::kObject: return AsObject()->TypeName();
  }
  return "object";
}

std::string Value::TypeRepr() const {
  switch (type_) {
    case Type::kNone: return "None";
    case Type::kUndefined: return "jinja2.runtime.Undefined object";
    case Type::kString: return safe_ ? "markupsafe.Markup object" : "str object";
    case Type::kObject: return AsObject()->TypeRepr();
    default: return TypeName() + " object";
  }
}

std::string HashKey(const Value& v) {
  switch (v.type()) {
    case Type::kBool:
    case Type::kInt: return "n" + (v.AsBig() ? v.AsBig()->ToString() : std::to_string(v.AsInt()));
    case Type::kFloat: {
      double d = v.AsDouble();
      if (std::floor(d) == d && std::fabs(d) < 9e18) return "n" + std::to_string(static_cast<int64_t>(d));
      return "f" + FormatFloat(d);
    }
    case Type::kString: return "s" + v.AsString();
    case Type::kNone: return "N";
    case Type::kTuple: {
      std::string out = "t(";
      for (const Value& x : v.AsList()) out += HashKey(x) + ",";
      return out + ")";
    }
    default: return "r" + v.Repr();
  }
}

// Dicts keep str keys in their own index (looked up without building a
// key string), built once the dict holds more than kSmall items (smaller
// ones are scanned); other keys are indexed by HashKey, so 1, 1.0 and True
// meet.
const Value* Dict::Find(const Value& key) const {
  if (key.IsString()) return Find(std::string_view(key.AsString()));
  auto it = index_.find(HashKey(key));
  return it == index_.end() ? nullptr : &items_[it->second].second;
}

const Value* Dict::Find(std::string_view key) const {
  if (str_slots_.empty()) {
    for (const auto& [k, v] : items_)
      if (k.IsString() && k.AsString() == key) return &v;
    return nullptr;
  }
  int32_t pos = FindStr(key);
  return pos < 0 ? nullptr : &items_[static_cast<size_t>(pos)].second;
}

const Value* Dict::Find(std::string_view key, uint64_t hash) const {
  if (str_slots_.empty()) return Find(key);
  int32_t pos = FindStr(key, hash);
  return pos < 0 ? nullptr : &items_[static_cast<size_t>(pos)].second;
}

void Dict::Set(const Value& key, Value value) {
  if (key.IsString() && str_slots_.empty()) {
    const std::string& s = key.AsString();
    for (auto& [k, v] : items_) {
      if (k.IsString() && k.AsString() == s) {
        v = std::move(value);
        return;
      }
    }
    items_.emplace_back(key, std::move(value));
    if (items_.size() > kSmall) IndexStrKeys();
    return;
  }
  if (key.IsString()) {
    int32_t pos = FindStr(key.AsString());
    if (pos >= 0) {
      items_[static_cast<size_t>(pos)].second = std::move(value);
      return;
    }
    InsertStr(key.AsString(), static_cast<int32_t>(items_.size()));
  } else {
    std::string k = HashKey(key);
    auto it = index_.find(k);
    if (it != index_.end()) {
      items_[it->second].second = std::move(value);
      return;
    }
    index_.emplace(std::move(k), items_.size());
  }
  items_.emplace_back(key, std::move(value));
}

// Linear probing from the key's hash until the key or an empty slot.
int32_t Dict::FindStr(std::string_view key, uint64_t hash) const {
  if (str_slots_.empty()) return -1;
  size_t mask = str_slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    int32_t pos = str_slots_[i];
    if (pos < 0) return -1;
    const Value& k = items_[static_cast<size_t>(pos)].first;
    if (k.AsString() == key) return pos;
  }
}

void Dict::InsertStr(std::string_view key, int32_t pos) {
  if ((str_count_ + 1) * 2 > str_slots_.size()) {
    std::vector<int32_t> old = std::move(str_slots_);
    str_slots_.assign(std::max<size_t>(16, old.size() * 2), -1);
    size_t mask = str_slots_.size() - 1;
    for (int32_t p : old) {
      if (p < 0) continue;
      size_t i = StrHash(items_[static_cast<size_t>(p)].first.AsString()) & mask;
      while (str_slots_[i] >= 0) i = (i + 1) & mask;
      str_slots_[i] = p;
    }
  }
  size_t mask = str_slots_.size() - 1;
  size_t i = StrHash(key) & mask;
  while (str_slots_[i] >= 0) i = (i + 1) & mask;
  str_slots_[i] = pos;
  ++str_count_;
}

void Dict::Reindex() {
  index_.clear();
  str_slots_.clear();
  str_count_ = 0;
  for (size_t i = 0; i < items_.size(); ++i)
    if (!items_[i].first.IsString()) index_.emplace(HashKey(items_[i].first), i);
  if (items_.size() > kSmall) IndexStrKeys();
}

void Dict::IndexStrKeys() {
  for (size_t i = 0; i < items_.size(); ++i)
    if (items_[i].first.IsString()) InsertStr(items_[i].first.AsString(), static_cast<int32_t>(i));
}

bool Dict::Erase(const Value& key) {
  if (!Find(key)) return false;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].first.Equals(key)) {
      items_.erase(items_.begin() + static_cast<long>(i));
      break;
    }
  }
  Reindex();
  return true;
}

const Value* Args::Keyword(std::string_view name) const {
  for (const auto& [k, v] : keywords)
    if (k == name) return &v;
  return nullptr;
}

const Value* Args::Get(size_t index, std::string_view name) const {
  if (index < positional.size()) return &positional[index];
  return name.empty() ? nullptr : Keyword(name);
}

Value Object::Call(Interp&, Args&) { return Value::None(); }

}  // namespace stacks::tmpl
