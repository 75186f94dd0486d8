// Methods of builtin values templates call: str.split, dict.items,
// list.append, ... A lookup returns a bound Method object; calling it
// dispatches on the receiver's type and the method name.
#include <algorithm>
#include <set>

#include "base/base.h"
#include "template/interp.h"
#include "template/runtime.h"

namespace stacks::tmpl {

std::string ApplyFormatSpec(Interp& in, const Value& v, std::string_view spec);

namespace {

bool IsSpaceCp(char32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

Value Str(const Value& self, std::string s) { return self.IsMarkup() ? Value::Markup(std::move(s)) : Value(std::move(s)); }

const Value& Need(const Args& a, size_t i, const std::string& method) {
  if (i >= a.positional.size()) ThrowTypeError(method + "() takes at least " + std::to_string(i + 1) + " argument");
  return a.positional[i];
}

const Value* Opt(const Args& a, size_t i, const char* kw = nullptr) {
  if (i < a.positional.size()) return &a.positional[i];
  if (kw) return a.Keyword(kw);
  return nullptr;
}

// An argument a str method receives: escaped first when the receiver is Markup.
std::string ArgText(Interp& in, const Value& self, const Value& arg) {
  if (self.IsMarkup() && !arg.IsMarkup()) return EscapeHtml(in.Str(arg));
  if (!arg.IsString()) ThrowTypeError("must be str, not " + arg.TypeName());
  return arg.AsString();
}

std::u32string StripSet(const std::u32string& s, const std::u32string* chars, bool left, bool right) {
  auto strip = [&](char32_t c) { return chars ? chars->find(c) != std::u32string::npos : IsSpaceCp(c); };
  size_t b = 0, e = s.size();
  if (left)
    while (b < e && strip(s[b])) ++b;
  if (right)
    while (e > b && strip(s[e - 1])) --e;
  return s.substr(b, e - b);
}

Value Split(Interp& in, const Value& self, const Args& a, bool from_right) {
  std::u32string s = ToU32(self.AsString());
  const Value* sepv = Opt(a, 0, "sep");
  const Value* maxv = Opt(a, 1, "maxsplit");
  int64_t maxsplit = maxv ? maxv->AsInt() : -1;
  List out;
  auto push = [&](const std::u32string& x) { out.push_back(Str(self, FromU32(x))); };
  if (!sepv || sepv->IsNone()) {
    std::vector<std::u32string> words;
    if (!from_right) {
      size_t i = 0;
      int64_t done = 0;
      while (true) {
        while (i < s.size() && IsSpaceCp(s[i])) ++i;
        if (i >= s.size()) break;
        if (maxsplit >= 0 && done >= maxsplit) {
          std::u32string rest = s.substr(i);
          while (!rest.empty() && IsSpaceCp(rest.back())) rest.pop_back();
          words.push_back(rest);
          break;
        }
        size_t j = i;
        while (j < s.size() && !IsSpaceCp(s[j])) ++j;
        words.push_back(s.substr(i, j - i));
        ++done;
        i = j;
      }
    } else {
      int64_t i = static_cast<int64_t>(s.size()) - 1;
      int64_t done = 0;
      while (true) {
        while (i >= 0 && IsSpaceCp(s[static_cast<size_t>(i)])) --i;
        if (i < 0) break;
        if (maxsplit >= 0 && done >= maxsplit) {
          std::u32string rest = s.substr(0, static_cast<size_t>(i) + 1);
          size_t b = 0;
          while (b < rest.size() && IsSpaceCp(rest[b])) ++b;
          words.insert(words.begin(), rest.substr(b));
          break;
        }
        int64_t j = i;
        while (j >= 0 && !IsSpaceCp(s[static_cast<size_t>(j)])) --j;
        words.insert(words.begin(), s.substr(static_cast<size_t>(j + 1), static_cast<size_t>(i - j)));
        ++done;
        i = j;
      }
    }
    for (auto& w : words) push(w);
    return Value::MakeList(std::move(out));
  }
  std::u32string sep = ToU32(ArgText(in, self, *sepv));
  if (sep.empty()) Throw("ValueError", "empty separator");
  std::vector<std::u32string> parts;
  if (!from_right) {
    size_t pos = 0;
    int64_t done = 0;
    while (maxsplit < 0 || done < maxsplit) {
      size_t hit = s.find(sep, pos);
      if (hit == std::u32string::npos) break;
      parts.push_back(s.substr(pos, hit - pos));
      pos = hit + sep.size();
      ++done;
    }
    parts.push_back(s.substr(pos));
  } else {
    size_t end = s.size();
    int64_t done = 0;
    while (maxsplit < 0 || done < maxsplit) {
      if (end < sep.size()) break;
      size_t hit = s.rfind(sep, end - sep.size());
      if (hit == std::u32string::npos) break;
      parts.insert(parts.begin(), s.substr(hit + sep.size(), end - hit - sep.size()));
      end = hit;
      ++done;
      if (hit == 0 && false) break;
    }
    parts.insert(parts.begin(), s.substr(0, end));
  }
  for (auto& p : parts) push(p);
  return Value::MakeList(std::move(out));
}

bool AffixMatch(Interp& in, const Value& self, const Value& arg, bool prefix) {
  const std::string& s = self.AsString();
  auto one = [&](const Value& x) {
    if (!x.IsString()) ThrowTypeError(std::string(prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of str, not " + x.TypeName());
    const std::string& p = x.AsString();
    if (p.size() > s.size()) return false;
    return prefix ? s.compare(0, p.size(), p) == 0 : s.compare(s.size() - p.size(), p.size(), p) == 0;
  };
  if (arg.IsTuple()) {
    for (const Value& x : arg.AsList())
      if (one(x)) return true;
    return false;
  }
  return one(arg);
}

int64_t Find(const Value& self, const std::string& sub, bool from_right) {
  std::u32string s = ToU32(self.AsString()), t = ToU32(sub);
  size_t p = from_right ? s.rfind(t) : s.find(t);
  return p == std::u32string::npos ? -1 : static_cast<int64_t>(p);
}

template <typename Pred>
bool AllChars(const std::string& s, Pred pred) {
  if (s.empty()) return false;
  for (char32_t c : ToU32(s))
    if (!pred(c)) return false;
  return true;
}

Value StrMethod(Interp& in, const Value& self, const std::string& m, Args& a) {
  const std::string& s = self.AsString();
  if (m == "upper") return Str(self, ToUpperUtf8(s));
  if (m == "lower" || m == "casefold") return Str(self, ToLowerUtf8(s));
  if (m == "title" || m == "capitalize" || m == "center") {
    Args none;
    if (m == "center") {
      int64_t width = Need(a, 0, m).AsInt();
      std::string fill = a.positional.size() > 1 ? a.positional[1].Str() : " ";
      std::u32string u = ToU32(s);
      if (width <= static_cast<int64_t>(u.size())) return self;
      int64_t marg = width - static_cast<int64_t>(u.size());
      int64_t left = marg / 2 + (marg & width & 1);
      std::string l, r;
      for (int64_t i = 0; i < left; ++i) l += fill;
      for (int64_t i = 0; i < marg - left; ++i) r += fill;
      return Str(self, l + s + r);
    }
    return in.CallBuiltinFilter(m, self, none);
  }
  if (m == "strip" || m == "lstrip" || m == "rstrip") {
    const Value* chars = Opt(a, 0);
    std::u32string set;
    if (chars && !chars->IsNone()) set = ToU32(chars->Str());
    return Str(self, FromU32(StripSet(ToU32(s), chars && !chars->IsNone() ? &set : nullptr, m != "rstrip", m != "lstrip")));
  }
  if (m == "split") return Split(in, self, a, false);
  if (m == "rsplit") return Split(in, self, a, true);
  if (m == "splitlines") {
    List out;
    std::string cur;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || s[i] == '\r') {
        out.push_back(Str(self, cur));
        cur.clear();
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else cur += s[i];
    }
    if (!cur.empty()) out.push_back(Str(self, cur));
    return Value::MakeList(std::move(out));
  }
  if (m == "startswith") return Value(AffixMatch(in, self, Need(a, 0, m), true));
  if (m == "endswith") return Value(AffixMatch(in, self, Need(a, 0, m), false));
  if (m == "replace") {
    std::string from = ArgText(in, self, Need(a, 0, m)), to = ArgText(in, self, Need(a, 1, m));
    int64_t count = a.positional.size() > 2 ? a.positional[2].AsInt() : -1;
    Args fa;
    fa.positional = {Value(from), Value(to), count < 0 ? Value::None() : Value(count)};
    std::string out;
    size_t pos = 0;
    int64_t done = 0;
    if (from.empty()) return in.CallBuiltinFilter("replace", Value(s), fa);
    while (count < 0 || done < count) {
      size_t hit = s.find(from, pos);
      if (hit == std::string::npos) break;
      out.append(s, pos, hit - pos);
      out += to;
      pos = hit + from.size();
      ++done;
    }
    out.append(s, pos, std::string::npos);
    return Str(self, out);
  }
  if (m == "join") {
    std::string out;
    bool first = true;
    for (const Value& x : in.Iterate(Need(a, 0, m))) {
      if (!first) out += s;
      first = false;
      if (self.IsMarkup()) out += in.Escape(x).Str();
      else if (!x.IsString()) ThrowTypeError("sequence item: expected str instance, " + x.TypeName() + " found");
      else out += x.AsString();
    }
    return Str(self, out);
  }
  if (m == "format") {
    if (self.IsMarkup()) {
      Args esc = a;
      for (auto& p : esc.positional) p = in.Escape(p);
      for (auto& [k, v] : esc.keywords) v = in.Escape(v);
      return Value::Markup(BraceFormat(in, s, esc));
    }
    return Value(BraceFormat(in, s, a));
  }
  if (m == "find" || m == "index") {
    int64_t r = Find(self, in.Str(Need(a, 0, m)), false);
    if (r < 0 && m == "index") Throw("ValueError", "substring not found");
    return Value(r);
  }
  if (m == "rfind" || m == "rindex") {
    int64_t r = Find(self, in.Str(Need(a, 0, m)), true);
    if (r < 0 && m == "rindex") Throw("ValueError", "substring not found");
    return Value(r);
  }
  if (m == "count") {
    std::string sub = in.Str(Need(a, 0, m));
    if (sub.empty()) return Value(CountCodePoints(s) + 1);
    int64_t n = 0;
    for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++n;
    return Value(n);
  }
  if (m == "isdigit" || m == "isnumeric" || m == "isdecimal") return Value(AllChars(s, [](char32_t c) { return c >= '0' && c <= '9'; }));
  if (m == "isalpha") return Value(AllChars(s, [](char32_t c) { return c >= 0x80 ? !IsSpaceCp(c) : std::isalpha(static_cast<int>(c)) != 0; }));
  if (m == "isalnum") return Value(AllChars(s, [](char32_t c) { return c >= 0x80 ? !IsSpaceCp(c) : std::isalnum(static_cast<int>(c)) != 0; }));
  if (m == "isspace") return Value(AllChars(s, IsSpaceCp));
  if (m == "islower") return Value(s != ToUpperUtf8(s) && s == ToLowerUtf8(s));
  if (m == "isupper") return Value(s != ToLowerUtf8(s) && s == ToUpperUtf8(s));
  if (m == "istitle") {
    Args none;
    return Value(s != ToLowerUtf8(s) && in.CallBuiltinFilter("title", Value(s), none).AsString() == s);
  }
  if (m == "ljust" || m == "rjust") {
    int64_t width = Need(a, 0, m).AsInt();
    std::string fill = a.positional.size() > 1 ? a.positional[1].Str() : " ";
    int64_t len = static_cast<int64_t>(CountCodePoints(s));
    std::string pad;
    for (int64_t i = len; i < width; ++i) pad += fill;
    return Str(self, m == "ljust" ? s + pad : pad + s);
  }
  if (m == "zfill") {
    int64_t width = Need(a, 0, m).AsInt();
    int64_t len = static_cast<int64_t>(CountCodePoints(s));
    if (len >= width) return self;
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return Str(self, s.substr(0, sign) + std::string(static_cast<size_t>(width - len), '0') + s.substr(sign));
  }
  if (m == "partition" || m == "rpartition") {
    std::string sep = in.Str(Need(a, 0, m));
    size_t p = m == "partition" ? s.find(sep) : s.rfind(sep);
    if (p == std::string::npos)
      return m == "partition" ? Value::MakeTuple({Str(self, s), Str(self, ""), Str(self, "")})
                              : Value::MakeTuple({Str(self, ""), Str(self, ""), Str(self, s)});
    return Value::MakeTuple({Str(self, s.substr(0, p)), Str(self, sep), Str(self, s.substr(p + sep.size()))});
  }
  if (m == "swapcase") {
    std::string out;
    for (char c : s) out += std::isupper(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : static_cast<char>(std::toupper(c));
    return Str(self, out);
  }
  if (m == "removeprefix" || m == "removesuffix") {
    std::string x = in.Str(Need(a, 0, m));
    if (m == "removeprefix" && s.compare(0, x.size(), x) == 0 && x.size() <= s.size()) return Str(self, s.substr(x.size()));
    if (m == "removesuffix" && x.size() <= s.size() && !x.empty() && s.compare(s.size() - x.size(), x.size(), x) == 0)
      return Str(self, s.substr(0, s.size() - x.size()));
    return self;
  }
  if (m == "striptags") {
    Args none;
    return in.CallBuiltinFilter("striptags", self, none);
  }
  if (m == "unescape") {
    Args none;
    Value stripped = in.CallBuiltinFilter("striptags", Value("x"), none);
    (void)stripped;
    std::string out = ReplaceAll(ReplaceAll(ReplaceAll(ReplaceAll(ReplaceAll(s, "&lt;", "<"), "&gt;", ">"), "&#34;", "\""), "&#39;", "'"), "&amp;", "&");
    return Value(out);
  }
  if (m == "encode") return self;
  if (m == "__html__") return self;
  ThrowTypeError("'str' object has no attribute " + ReprString(m));
}

Value ListMethod(Interp& in, const Value& self, const std::string& m, Args& a) {
  List& l = self.AsList();
  bool tuple = self.IsTuple();
  if (m == "index") {
    const Value& x = Need(a, 0, m);
    for (size_t i = 0; i < l.size(); ++i)
      if (l[i].Equals(x)) return Value(i);
    Throw("ValueError", x.Repr() + " is not in " + (tuple ? "tuple" : "list"));
  }
  if (m == "count") {
    int64_t n = 0;
    for (const auto& x : l) n += x.Equals(Need(a, 0, m));
    return Value(n);
  }
  if (m == "append") {
    l.push_back(Need(a, 0, m));
    return Value::None();
  }
  if (m == "extend") {
    for (const Value& x : in.Iterate(Need(a, 0, m))) l.push_back(x);
    return Value::None();
  }
  if (m == "insert") {
    int64_t i = Need(a, 0, m).AsInt();
    int64_t n = static_cast<int64_t>(l.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    i = std::min(i, n);
    l.insert(l.begin() + i, Need(a, 1, m));
    return Value::None();
  }
  if (m == "pop") {
    if (l.empty()) Throw("IndexError", "pop from empty list");
    int64_t i = a.positional.empty() ? -1 : a.positional[0].AsInt();
    if (!NormalizeIndex(i, l.size())) Throw("IndexError", "pop index out of range");
    Value v = l[static_cast<size_t>(i)];
    l.erase(l.begin() + i);
    return v;
  }
  if (m == "remove") {
    const Value& x = Need(a, 0, m);
    for (size_t i = 0; i < l.size(); ++i)
      if (l[i].Equals(x)) {
        l.erase(l.begin() + static_cast<long>(i));
        return Value::None();
      }
    Throw("ValueError", "list.remove(x): x not in list");
  }
  if (m == "reverse") {
    std::reverse(l.begin(), l.end());
    return Value::None();
  }
  if (m == "sort") {
    Args fa;
    if (const Value* r = a.Keyword("reverse")) fa.keywords.emplace_back("reverse", *r);
    fa.keywords.emplace_back("case_sensitive", Value(true));
    Value sorted = in.CallBuiltinFilter("sort", self, fa);
    l = sorted.AsList();
    return Value::None();
  }
  if (m == "copy") return Value::MakeList(l);
  if (m == "clear") {
    l.clear();
    return Value::None();
  }
  ThrowTypeError("'list' object has no attribute " + ReprString(m));
}

Value DictMethod(Interp& in, const Value& self, const std::string& m, Args& a) {
  Dict& d = self.AsDict();
  if (m == "items" || m == "keys" || m == "values") {
    List out;
    for (const auto& [k, v] : d.items()) out.push_back(m == "items" ? Value::MakeTuple({k, v}) : m == "keys" ? k : v);
    std::string repr = "dict_" + m + "(" + Value::MakeList(out).Repr() + ")";
    return Value::MakeObject(std::make_shared<SequenceObject>("dict_" + m, std::move(out), std::move(repr), false));
  }
  if (m == "get") {
    const Value* v = d.Find(Need(a, 0, m));
    if (v) return *v;
    return a.positional.size() > 1 ? a.positional[1] : Value::None();
  }
  if (m == "pop") {
    const Value& k = Need(a, 0, m);
    if (const Value* v = d.Find(k)) {
      Value out = *v;
      d.Erase(k);
      return out;
    }
    if (a.positional.size() > 1) return a.positional[1];
    Throw("KeyError", k.Repr());
  }
  if (m == "setdefault") {
    const Value& k = Need(a, 0, m);
    if (const Value* v = d.Find(k)) return *v;
    Value dflt = a.positional.size() > 1 ? a.positional[1] : Value::None();
    d.Set(k, dflt);
    return dflt;
  }
  if (m == "update") {
    if (!a.positional.empty()) {
      const Value& other = a.positional[0];
      if (other.IsDict())
        for (const auto& [k, v] : other.AsDict().items()) d.Set(k, v);
      else
        for (const Value& pair : in.Iterate(other)) {
          List kv = in.Iterate(pair);
          if (kv.size() == 2) d.Set(kv[0], kv[1]);
        }
    }
    for (const auto& [k, v] : a.keywords) d.Set(Value(k), v);
    return Value::None();
  }
  if (m == "copy") {
    auto copy = std::make_shared<Dict>(d);
    return Value::MakeDict(copy);
  }
  if (m == "clear") {
    d.Clear();
    return Value::None();
  }
  ThrowTypeError("'dict' object has no attribute " + ReprString(m));
}

class Method : public Object {
 public:
  Method(Value self, std::string name) : self_(std::move(self)), name_(std::move(name)) {}
  std::string TypeName() const override { return "builtin_function_or_method"; }
  std::string Repr() const override { return "<built-in method " + name_ + " of " + self_.TypeName() + " object>"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp& in, Args& args) override {
    if (self_.IsString()) return StrMethod(in, self_, name_, args);
    if (self_.IsSequence()) return ListMethod(in, self_, name_, args);
    if (self_.IsDict()) return DictMethod(in, self_, name_, args);
    ThrowTypeError("not callable");
  }

 private:
  Value self_;
  std::string name_;
};

const std::set<std::string, std::less<>> kStrMethods = {
    "upper", "lower", "casefold", "title", "capitalize", "center", "strip", "lstrip", "rstrip", "split", "rsplit",
    "splitlines", "startswith", "endswith", "replace", "join", "format", "find", "index", "rfind", "rindex", "count",
    "isdigit", "isnumeric", "isdecimal", "isalpha", "isalnum", "isspace", "islower", "isupper", "istitle", "ljust",
    "rjust", "zfill", "partition", "rpartition", "swapcase", "removeprefix", "removesuffix", "encode"};
const std::set<std::string, std::less<>> kMarkupMethods = {"striptags", "unescape", "__html__"};
const std::set<std::string, std::less<>> kListMethods = {"index", "count", "append", "extend", "insert", "pop",
                                                         "remove", "reverse", "sort", "copy", "clear"};
const std::set<std::string, std::less<>> kTupleMethods = {"index", "count"};
const std::set<std::string, std::less<>> kDictMethods = {"items", "keys", "values", "get", "pop", "setdefault",
                                                         "update", "copy", "clear"};

}  // namespace

std::optional<Value> BuiltinMethod(const Value& self, std::string_view name) {
  bool known = false;
  switch (self.type()) {
    case Type::kString:
      known = kStrMethods.count(name) || (self.IsMarkup() && kMarkupMethods.count(name));
      break;
    case Type::kList: known = kListMethods.count(name) > 0; break;
    case Type::kTuple: known = kTupleMethods.count(name) > 0; break;
    case Type::kDict: known = kDictMethods.count(name) > 0; break;
    case Type::kFloat:
      if (name == "real") return self;
      if (name == "imag") return Value(0.0);
      if (name == "is_integer") return std::nullopt;
      break;
    case Type::kInt:
    case Type::kBool:
      if (name == "real" || name == "numerator") return Value(self.AsInt());
      if (name == "imag") return Value(0);
      if (name == "denominator") return Value(1);
      break;
    default: break;
  }
  if (!known) return std::nullopt;
  return Value::MakeObject(std::make_shared<Method>(self, std::string(name)));
}

}  // namespace stacks::tmpl
