// The objects templates see, shaped like Pelican's: settings values (tuples
// stay tuples), SafeDatetime dates, Category/Tag/Author wrappers, Article/
// Page/Static objects with their attributes and methods, and the Paginator
// and Page of paginated templates.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

#include "site/build_internal.h"
#include "site/paginator.h"
#include "site/pyvalue.h"
#include "template/interp.h"

namespace stacks::site {
namespace {

using tmpl::Args;
using tmpl::Interp;
using tmpl::List;
using tmpl::Object;
using tmpl::Value;

// A bound method made from a C++ callable.
class Method : public Object {
 public:
  using Fn = std::function<Value(Args&)>;
  Method(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  std::string TypeName() const override { return "method"; }
  std::string Repr() const override { return "<bound method " + name_ + ">"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp&, Args& args) override { return fn_(args); }

 private:
  std::string name_;
  Fn fn_;
};

Value MakeMethod(std::string name, Method::Fn fn) {
  return Value::MakeObject(std::make_shared<Method>(std::move(name), std::move(fn)));
}

std::string EscapePointer(const std::string& key) { return ReplaceAll(ReplaceAll(key, "~", "~0"), "/", "~1"); }

// JSON to a template value; arrays recorded as tuples become tuples.
Value FromJson(const Json& j, const Settings& settings, const std::string& pointer) {
  if (j.is_array()) {
    List items;
    for (size_t i = 0; i < j.size(); ++i) items.push_back(FromJson(j[i], settings, pointer + "/" + std::to_string(i)));
    return settings.IsTuple(pointer) ? Value::MakeTuple(std::move(items)) : Value::MakeList(std::move(items));
  }
  if (j.is_object()) {
    Value d = Value::MakeDict();
    for (auto it = j.begin(); it != j.end(); ++it)
      d.AsDict().Set(Value(it.key()), FromJson(it.value(), settings, pointer + "/" + EscapePointer(it.key())));
    return d;
  }
  return tmpl::ValueFromJson(j);
}

// ---- dates -------------------------------------------------------------------------

// Pelican's SafeDatetime: strftime is Pelican's (C89 directives, `%-d`),
// isoformat and str() as Python's datetime.
class DateObject : public Object {
 public:
  DateObject(content::DateTime d, const Settings* settings) : d_(std::move(d)), settings_(settings) {}
  const content::DateTime& date() const { return d_; }
  std::string TypeName() const override { return "SafeDatetime"; }
  std::string TypeRepr() const override { return "pelican.utils.SafeDatetime object"; }
  std::string Str() const override { return content::IsoFormat(d_, ' '); }
  std::string Repr() const override { return "SafeDatetime(" + content::IsoFormat(d_) + ")"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "year") return Value(d_.year);
    if (name == "month") return Value(d_.month);
    if (name == "day") return Value(d_.day);
    if (name == "hour") return Value(d_.hour);
    if (name == "minute") return Value(d_.minute);
    if (name == "second") return Value(d_.second);
    if (name == "microsecond") return Value(d_.microsecond);
    content::DateTime d = d_;
    const Settings* settings = settings_;
    if (name == "strftime" || name == "__format__")
      return MakeMethod("strftime", [d, settings](Args& a) {
        std::string format = a.positional.empty() ? "" : a.positional[0].Str();
        return Value(settings ? SiteStrftime(d, format, *settings) : content::Strftime(d, format));
      });
    if (name == "isoformat")
      return MakeMethod("isoformat", [d](Args& a) {
        std::string sep = a.positional.empty() ? "T" : a.positional[0].Str();
        return Value(content::IsoFormat(d, sep.empty() ? 'T' : sep[0]));
      });
    if (name == "weekday") return MakeMethod("weekday", [d](Args&) { return Value(content::Weekday(d.year, d.month, d.day)); });
    if (name == "isoweekday")
      return MakeMethod("isoweekday", [d](Args&) { return Value(content::Weekday(d.year, d.month, d.day) + 1); });
    if (name == "timestamp")
      return MakeMethod("timestamp", [d](Args&) {
        return Value(static_cast<double>(content::UtcMicros(d) - int64_t{d.utc_offset.value_or(0)} * 1000000) / 1e6);
      });
    return std::nullopt;
  }
  bool Equals(const Object& other) const override {
    auto* o = dynamic_cast<const DateObject*>(&other);
    return o && Micros() == o->Micros();
  }
  std::optional<int> Compare(const Value& other) const override {
    if (!other.IsObject()) return std::nullopt;
    auto* o = dynamic_cast<const DateObject*>(other.AsObject().get());
    if (!o) return std::nullopt;
    return Micros() < o->Micros() ? -1 : Micros() > o->Micros() ? 1 : 0;
  }

 private:
  int64_t Micros() const { return content::UtcMicros(d_) - int64_t{d_.utc_offset.value_or(0)} * 1000000; }
  content::DateTime d_;
  const Settings* settings_;
};

// ---- URL wrappers ----------------------------------------------------------------------

class WrapperObject : public Object {
 public:
  explicit WrapperObject(UrlWrapper w) : w_(std::move(w)) {}
  std::string TypeName() const override { return std::string(w_.ClassName()); }
  std::string TypeRepr() const override { return "pelican.urlwrappers." + std::string(w_.ClassName()) + " object"; }
  std::string Str() const override { return w_.name(); }
  std::string Repr() const override { return "<" + std::string(w_.ClassName()) + " " + tmpl::ReprString(w_.name()) + ">"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "name") return Value(w_.name());
    if (name == "slug") return Value(w_.slug());
    if (name == "url") return Value(Memo(url_, [this] { return w_.url(); }));
    if (name == "save_as") return Value(Memo(save_as_, [this] { return w_.save_as(); }));
    if (name == "page_name") return Value(Memo(page_name_, [this] { return w_.page_name(); }));
    if (name == "as_dict") {
      UrlWrapper w = w_;
      return MakeMethod("as_dict", [w](Args&) {
        Value d = Value::MakeDict();
        d.AsDict().Set(Value("name"), Value(w.name()));
        d.AsDict().Set(Value("slug"), Value(w.slug()));
        return d;
      });
    }
    return std::nullopt;
  }
  bool Equals(const Object& other) const override {
    auto* o = dynamic_cast<const WrapperObject*>(&other);
    return o && o->w_ == w_;
  }
  std::optional<int> Compare(const Value& other) const override {
    if (other.IsString()) return w_.Equals(other.AsString()) ? 0 : w_.Less(other.AsString()) ? -1 : 1;
    if (!other.IsObject()) return std::nullopt;
    auto* o = dynamic_cast<const WrapperObject*>(other.AsObject().get());
    if (!o || o->w_.kind() != w_.kind()) return std::nullopt;
    return w_ < o->w_ ? -1 : o->w_ < w_ ? 1 : 0;
  }

 private:
  // The wrapper's URL settings filled in once per object (templates ask for
  // a tag's url on every page that lists it); objects are shared between
  // rendering threads, hence the lock.
  template <typename Make>
  std::string Memo(std::optional<std::string>& slot, Make make) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!slot) slot = make();
    return *slot;
  }

  UrlWrapper w_;
  mutable std::mutex mutex_;
  mutable std::optional<std::string> url_, save_as_, page_name_;
};

// ---- content objects --------------------------------------------------------------------

Value MetaToValue(const content::MetaValue& v, const Settings* settings) {
  if (v.kind == content::MetaValue::Kind::kDate) return DateValue(v.date, settings);
  if (v.kind == content::MetaValue::Kind::kList) {
    List items;
    for (const std::string& s : v.list) items.emplace_back(s);
    return Value::MakeList(std::move(items));
  }
  return Value(v.text);
}

Value WrapperList(const std::vector<UrlWrapper>& wrappers) {
  List items;
  for (const UrlWrapper& w : wrappers) items.push_back(WrapperValue(w));
  return Value::MakeList(std::move(items));
}

// An Article, Page or Static as templates see it. Metadata keys are
// attributes; content and summary resolve links against the site URL of
// the file being rendered (Site::local_siteurl).
class ContentValue : public Object {
 public:
  ContentValue(const ContentObject* object, const Site* site) : o_(object), site_(site) {}
  std::string TypeName() const override {
    switch (o_->item.kind) {
      case content::ItemKind::kArticle: return "Article";
      case content::ItemKind::kPage: return "Page";
      default: return "Static";
    }
  }
  std::string TypeRepr() const override { return "pelican.contents." + TypeName() + " object"; }
  std::string Str() const override { return o_->item.source_path; }
  std::string Repr() const override { return "<pelican.contents." + TypeName() + " object>"; }

  std::optional<Value> GetAttr(std::string_view name) const override {
    if (std::optional<Value> v = Computed(name)) return v;
    if (std::optional<Value> v = Wrappers(name)) return v;
    if (name == "metadata") return MetadataDict();
    if (name == "override_url" || name == "override_save_as") {
      bool url = name == "override_url";
      const auto& v = url ? o_->item.override_url : o_->item.override_save_as;
      bool is_static = o_->item.kind == content::ItemKind::kStatic;
      if (v && (is_static || (url ? o_->explicit_url : o_->explicit_save_as))) return Value(*v);
      return std::nullopt;
    }
    if (name == "url" || name == "save_as") return std::nullopt;  // handled in Computed
    if (const content::MetaValue* v = o_->item.metadata.Find(std::string(name))) return MetaToValue(*v, site_->settings);
    return std::nullopt;
  }

 private:
  std::optional<Value> Computed(std::string_view name) const {
    const content::Item& item = o_->item;
    const Settings& settings = *site_->settings;
    if (name == "content") return Value(o_->Content(*site_, Site::local_siteurl));
    if (name == "summary") return Value(o_->Summary(*site_, Site::local_siteurl));
    if (name == "get_content" || name == "get_summary") {
      const ContentObject* o = o_;
      const Site* site = site_;
      bool summary = name == "get_summary";
      return MakeMethod(std::string(name), [o, site, summary](Args& a) {
        std::string siteurl = a.positional.empty() ? "" : a.positional[0].Str();
        return Value(summary ? o->Summary(*site, siteurl) : o->Content(*site, siteurl));
      });
    }
    if (name == "get_siteurl") return MakeMethod("get_siteurl", [](Args&) { return Value(Site::local_siteurl); });
    if (name == "url") return Value(o_->Url(settings));
    if (name == "save_as") return Value(o_->SaveAs(settings));
    if (name == "title" && item.metadata.Has("title")) return Value(item.title);
    if (name == "slug" && (item.metadata.Has("slug") || !item.slug.empty())) return Value(item.slug);
    if (name == "lang") return Value(item.lang);
    if (name == "in_default_lang") return Value(item.in_default_lang);
    if (name == "status") return Value(item.status);
    if (name == "date" && item.date) return DateValue(*item.date, &settings);
    if (name == "modified" && item.modified) return DateValue(*item.modified, &settings);
    if (name == "locale_date" && item.date) return Value(item.locale_date);
    if (name == "locale_modified" && item.modified) return Value(item.locale_modified);
    if (name == "date_format") return Value(item.date_format);
    if (name == "template") return item.template_name == "None" ? Value::None() : Value(item.template_name);
    if (name == "source_path") return Value(item.source_path);
    if (name == "relative_source_path" || name == "get_relative_source_path") {
      if (name == "relative_source_path") return Value(item.relative_source_path);
      std::string rel = item.relative_source_path;
      return MakeMethod("get_relative_source_path", [rel](Args&) { return Value(rel); });
    }
    if (name == "relative_dir") {
      size_t slash = item.relative_source_path.rfind('/');
      return Value(slash == std::string::npos ? "" : item.relative_source_path.substr(0, slash));
    }
    if (name == "translations") {
      List items;
      for (const ContentObject* t : o_->translations) items.push_back(t->value);
      return Value::MakeList(std::move(items));
    }
    if (name == "timezone") {
      const content::MetaValue* tz = item.metadata.Find("timezone");
      return Value(tz ? tz->text : SettingText(settings, "TIMEZONE", "UTC"));
    }
    if (name == "default_template")
      return item.kind == content::ItemKind::kStatic ? Value::None()
                                                     : Value(item.kind == content::ItemKind::kArticle ? "article" : "page");
    return std::nullopt;
  }

  // category, tags, author, authors: made the first time they are asked
  // for, then the same values every time (as Pelican's attributes are the
  // same objects), so their wrappers' URLs are filled in once.
  std::optional<Value> Wrappers(std::string_view name) const {
    if (name == "category") {
      if (o_->category) return Cached(category_, [this] { return WrapperValue(*o_->category); });
      return std::nullopt;
    }
    if (name == "tags") {
      if (o_->has_tags) return Cached(tags_, [this] { return WrapperList(o_->tags); });
      return std::nullopt;
    }
    if (name == "author") {
      if (o_->has_author) return Cached(author_, [this] { return WrapperValue(o_->authors[0]); });
      return std::nullopt;
    }
    if (name == "authors") {
      if (o_->has_author) return Cached(authors_, [this] { return WrapperList(o_->authors); });
      return std::nullopt;
    }
    return std::nullopt;
  }

  template <typename Make>
  Value Cached(std::optional<Value>& slot, Make make) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!slot) slot = make();
    return *slot;
  }

  Value MetadataDict() const {
    Value d = Value::MakeDict();
    for (const auto& [key, value] : o_->item.metadata.entries()) {
      Value v = MetaToValue(value, site_->settings);
      if (key == "category" || key == "tags" || key == "author" || key == "authors" || key == "date" ||
          key == "modified")
        if (std::optional<Value> w = GetAttr(key)) v = *w;
      d.AsDict().Set(Value(key), v);
    }
    return d;
  }

  const ContentObject* o_;
  const Site* site_;
  mutable std::mutex mutex_;
  mutable std::optional<Value> category_, tags_, author_, authors_;
};

// ---- pagination --------------------------------------------------------------------

Value Slice(const Value& list, size_t begin, size_t end) {
  List items;
  const List& all = list.AsList();
  for (size_t i = begin; i < end && i < all.size(); ++i) items.push_back(all[i]);
  return Value::MakeList(std::move(items));
}

class PaginatorObject : public Object {
 public:
  PaginatorObject(std::shared_ptr<const Paginator> p, Value list) : p_(std::move(p)), list_(std::move(list)) {}
  std::string TypeName() const override { return "Paginator"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "name") return Value(p_->name());
    if (name == "url") return Value(p_->url());
    if (name == "object_list") return list_;
    if (name == "count") return Value(p_->count());
    if (name == "num_pages") return Value(p_->num_pages());
    if (name == "per_page") return Value(p_->per_page());
    if (name == "orphans") return Value(p_->orphans());
    if (name == "page_range") {
      List items;
      for (int n : p_->page_range()) items.emplace_back(n);
      return Value::MakeList(std::move(items));
    }
    if (name == "page") {
      auto p = p_;
      Value list = list_;
      return MakeMethod("page", [p, list](Args& a) {
        int n = a.positional.empty() ? 1 : static_cast<int>(a.positional[0].AsInt());
        return PageValue(p, n, list);
      });
    }
    return std::nullopt;
  }

 private:
  std::shared_ptr<const Paginator> p_;
  Value list_;
};

class PageObject : public Object {
 public:
  PageObject(std::shared_ptr<const Paginator> p, int number, Value list)
      : p_(std::move(p)), page_(p_->page(number)), list_(std::move(list)) {}
  std::string TypeName() const override { return "Page"; }
  std::string Str() const override {
    return "<Page " + std::to_string(page_.number()) + " of " + std::to_string(p_->num_pages()) + ">";
  }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "number") return Value(page_.number());
    if (name == "name") return Value(p_->name());
    if (name == "object_list") return Slice(list_, page_.begin(), page_.end());
    if (name == "paginator") return PaginatorValue(p_, list_);
    if (name == "url") return Value(page_.url());
    if (name == "save_as") return Value(page_.save_as());
    PaginatedPage page = page_;
    auto method = [&](const char* n, std::function<Value(const PaginatedPage&)> f) {
      return MakeMethod(n, [page, f](Args&) { return f(page); });
    };
    if (name == "has_next") return method("has_next", [](const PaginatedPage& p) { return Value(p.has_next()); });
    if (name == "has_previous")
      return method("has_previous", [](const PaginatedPage& p) { return Value(p.has_previous()); });
    if (name == "has_other_pages")
      return method("has_other_pages", [](const PaginatedPage& p) { return Value(p.has_other_pages()); });
    if (name == "next_page_number")
      return method("next_page_number", [](const PaginatedPage& p) { return Value(p.next_page_number()); });
    if (name == "previous_page_number")
      return method("previous_page_number", [](const PaginatedPage& p) { return Value(p.previous_page_number()); });
    if (name == "start_index")
      return method("start_index", [](const PaginatedPage& p) { return Value(p.start_index()); });
    if (name == "end_index") return method("end_index", [](const PaginatedPage& p) { return Value(p.end_index()); });
    return std::nullopt;
  }

 private:
  std::shared_ptr<const Paginator> p_;
  PaginatedPage page_;
  Value list_;
};

}  // namespace

Value SettingValue(const Settings& settings, const std::string& key) {
  return FromJson(settings[key], settings, "/" + EscapePointer(key));
}

std::string SettingRepr(const Settings& settings, const std::string& key) {
  return SettingValue(settings, key).Repr();
}

Value DateValue(const content::DateTime& date, const Settings* settings) {
  return Value::MakeObject(std::make_shared<DateObject>(date, settings));
}

Value WrapperValue(const UrlWrapper& wrapper) { return Value::MakeObject(std::make_shared<WrapperObject>(wrapper)); }

void MakeContentValues(Site* site) {
  for (auto& object : site->objects) object->value = Value::MakeObject(std::make_shared<ContentValue>(object.get(), site));
}

Value ListValue(const ContentList& list) {
  List items;
  items.reserve(list.size());
  for (const ContentObject* o : list) items.push_back(o->value);
  return Value::MakeList(std::move(items));
}

Value TaxonomyValue(const Taxonomy& taxonomy) {
  List items;
  for (const auto& [wrapper, list] : taxonomy) items.push_back(Value::MakeTuple({WrapperValue(wrapper), ListValue(list)}));
  return Value::MakeList(std::move(items));
}

Value PaginatorValue(std::shared_ptr<const Paginator> paginator, const Value& list) {
  return Value::MakeObject(std::make_shared<PaginatorObject>(std::move(paginator), list));
}

Value PageValue(std::shared_ptr<const Paginator> paginator, int number, const Value& list) {
  return Value::MakeObject(std::make_shared<PageObject>(std::move(paginator), number, list));
}

// ---- Python builtins named in JINJA_FILTERS/TESTS/GLOBALS -------------------------

namespace {

[[noreturn]] void ThrowArity(const std::string& name, size_t given) {
  tmpl::Throw("TypeError", name + "() got an unexpected number of arguments (" + std::to_string(given) + ")");
}

// Python's int(x): numbers truncate toward zero, strings are read in base 10
// (surrounding whitespace, a sign and single underscores between digits).
Value PythonInt(const Value& x) {
  if (x.IsInt() || x.IsBool()) return Value(x.AsInt());
  if (x.IsFloat()) {
    double d = x.AsDouble();
    if (std::isnan(d)) tmpl::Throw("ValueError", "cannot convert float NaN to integer");
    if (std::isinf(d)) tmpl::Throw("OverflowError", "cannot convert float infinity to integer");
    return Value(static_cast<int64_t>(std::trunc(d)));
  }
  if (!x.IsString()) tmpl::Throw("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '" + x.TypeName() + "'");
  std::string text(StripAscii(x.AsString()));
  std::string digits;
  size_t i = text.empty() || (text[0] != '+' && text[0] != '-') ? 0 : 1;
  bool valid = i < text.size();
  for (; i < text.size() && valid; ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else valid = c == '_' && !digits.empty() && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
  }
  int64_t n = 0;
  if (!valid || std::from_chars(digits.data(), digits.data() + digits.size(), n).ec != std::errc())
    tmpl::Throw("ValueError", "invalid literal for int() with base 10: " + x.Repr());
  return Value(text[0] == '-' ? -n : n);
}

// Python's float(x): numbers convert, strings are read as Python reads them
// (surrounding whitespace, exponents, inf, nan).
Value PythonFloat(const Value& x) {
  if (x.IsNumber()) return Value(x.AsDouble());
  if (!x.IsString()) tmpl::Throw("TypeError", "float() argument must be a string or a real number, not '" + x.TypeName() + "'");
  std::string text(StripAscii(x.AsString()));
  char* end = nullptr;
  double d = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  bool hex = text.find_first_of("xX") != std::string::npos;
  if (text.empty() || hex || end != text.c_str() + text.size())
    tmpl::Throw("ValueError", "could not convert string to float: " + x.Repr());
  return Value(d);
}

// Python's round(x): to the nearest int, ties to even (the current rounding
// mode of nearbyint); with ndigits it is Jinja's round, which calls it.
Value PythonRound(Interp& in, const Value& x, const Value* ndigits) {
  if (ndigits && !ndigits->IsNone()) {
    Args rest;
    rest.positional.push_back(*ndigits);
    return in.CallBuiltinFilter("round", x, rest);
  }
  if (x.IsInt() || x.IsBool()) return Value(x.AsInt());
  if (!x.IsFloat()) tmpl::Throw("TypeError", "type " + x.TypeName() + " doesn't define __round__ method");
  return PythonInt(Value(std::nearbyint(x.AsDouble())));
}

// Python's min()/max(): of one iterable or of several arguments; the first
// of equal extremes wins; `default=` answers for an empty iterable.
Value PythonExtreme(Interp& in, const std::string& name, Args& args) {
  if (args.positional.empty()) tmpl::Throw("TypeError", name + " expected at least 1 argument, got 0");
  if (args.Keyword("key")) tmpl::Throw("TypeError", name + "(key=...) needs a Python function, which stacks cannot run");
  List items = args.positional.size() == 1 ? in.Iterate(args.positional[0]) : args.positional;
  if (items.empty()) {
    if (const Value* d = args.Keyword("default")) return *d;
    tmpl::Throw("ValueError", name + "() arg is an empty sequence");
  }
  Value best = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    int order = tmpl::CompareValues(items[i], best, name == "max" ? ">" : "<");
    if (name == "max" ? order > 0 : order < 0) best = items[i];
  }
  return best;
}

// posixpath.basename and dirname.
Value PathPart(const Value& x, bool dirname) {
  if (!x.IsString()) tmpl::Throw("TypeError", "expected str, bytes or os.PathLike object, not " + x.TypeName());
  const std::string& p = x.AsString();
  size_t cut = p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1;
  if (!dirname) return Value(p.substr(cut));
  std::string head = p.substr(0, cut);
  if (head.find_first_not_of('/') != std::string::npos)
    while (!head.empty() && head.back() == '/') head.pop_back();
  return Value(head);
}

// `str.method(s, ...)`: the method of the plain string (a Markup subject
// gives a plain str, as the unbound str method does in Python).
Value StrMethod(Interp& in, const std::string& method, Args& args) {
  if (args.positional.empty()) tmpl::Throw("TypeError", "unbound method str." + method + "() needs an argument");
  const Value& self = args.positional[0];
  if (!self.IsString())
    tmpl::Throw("TypeError", "descriptor '" + method + "' for 'str' objects doesn't apply to a '" + self.TypeName() + "' object");
  std::optional<Value> bound = tmpl::BuiltinMethod(Value(self.AsString()), method);
  if (!bound) tmpl::Throw("AttributeError", "type object 'str' has no attribute '" + method + "'");
  Args rest;
  rest.positional.assign(args.positional.begin() + 1, args.positional.end());
  rest.keywords = args.keywords;
  return in.Call(*bound, rest);
}

// Calls the Python builtin `name` (IsTemplateBuiltin) with `args` as Python
// would; the single-argument ones delegate to the Jinja filter that is the
// same Python function (length is len, list is list, abs is abs).
Value CallPythonBuiltin(Interp& in, const std::string& name, Args& args) {
  if (name.starts_with("str.")) return StrMethod(in, name.substr(4), args);
  if (name == "min" || name == "max") return PythonExtreme(in, name, args);
  size_t n = args.positional.size();
  Args none;
  if (name == "sum" || name == "sorted" || name == "round") {
    if (n < 1 || n > 2 || (name == "sorted" && n != 1)) ThrowArity(name, n);
    if (name == "round") return PythonRound(in, args.positional[0], n == 2 ? &args.positional[1] : args.Keyword("ndigits"));
    Args rest;
    if (name == "sum") {
      if (const Value* start = args.Get(1, "start")) rest.keywords.emplace_back("start", *start);
      return in.CallBuiltinFilter("sum", args.positional[0], rest);
    }
    if (args.Keyword("key")) tmpl::Throw("TypeError", "sorted(key=...) needs a Python function, which stacks cannot run");
    rest.keywords.emplace_back("case_sensitive", Value(true));
    if (const Value* reverse = args.Keyword("reverse")) rest.keywords.emplace_back("reverse", *reverse);
    return in.CallBuiltinFilter("sort", args.positional[0], rest);
  }
  if (name == "str" && n == 0) return Value("");
  if ((name == "int" || name == "float" || name == "bool" || name == "list" || name == "tuple") && n == 0)
    return name == "int" ? Value(0) : name == "float" ? Value(0.0) : name == "bool" ? Value(false)
           : name == "list" ? Value::MakeList() : Value::MakeTuple();
  if (n != 1 || !args.keywords.empty()) ThrowArity(name, n);
  const Value& x = args.positional[0];
  if (name == "len") return in.CallBuiltinFilter("length", x, none);
  if (name == "abs") return in.CallBuiltinFilter("abs", x, none);
  if (name == "list") return in.CallBuiltinFilter("list", x, none);
  if (name == "tuple") return Value::MakeTuple(in.Iterate(x));
  if (name == "str") return Value(x.Str());
  if (name == "repr") return Value(x.Repr());
  if (name == "bool") return Value(x.Truthy());
  if (name == "int") return PythonInt(x);
  if (name == "float") return PythonFloat(x);
  if (name == "reversed") {
    List items = in.Iterate(x);
    return Value::MakeList(List(items.rbegin(), items.rend()));
  }
  if (name == "os.path.basename" || name == "os.path.dirname") return PathPart(x, name == "os.path.dirname");
  tmpl::Throw("TypeError", "'" + name + "' is not implemented");
}

// A global naming a Python builtin: a callable value (the builtin's name is
// the Function's bound value).
Value PythonBuiltinGlobal(const std::string& name) {
  auto call = [](Interp& in, Args& args, const Value& self) { return CallPythonBuiltin(in, self.AsString(), args); };
  return Value::MakeObject(std::make_shared<tmpl::Function>(name, call, Value(name)));
}

// Args for a builtin used as a filter or test: the subject first.
Args WithSubject(const Value& subject, const Args& args) {
  Args all;
  all.positional.reserve(args.positional.size() + 1);
  all.positional.push_back(subject);
  all.positional.insert(all.positional.end(), args.positional.begin(), args.positional.end());
  all.keywords = args.keywords;
  return all;
}

}  // namespace

// Generator.__init__: the `strftime` filter (DateFormatter) and the
// JINJA_FILTERS/GLOBALS/TESTS settings. Settings cannot hold Python
// functions: entries naming a Python builtin stacks implements (the
// {"$python": NAME} marker the settings reader puts there) become C++
// filters, tests and callable globals; other JINJA_GLOBALS values are added
// as values. The settings reader has warned about every other function.
void AddPelicanExtras(tmpl::Environment* env, const Settings& settings, Messages* messages) {
  const Settings* s = &settings;
  env->AddFilter("strftime", [s](Interp&, const Value& date, Args& args) {
    const Value* format = args.Get(0, "date_format");
    if (!format) tmpl::Throw("TypeError", "__call__() missing 1 required positional argument: 'date_format'");
    auto* d = date.IsObject() ? dynamic_cast<const DateObject*>(date.AsObject().get()) : nullptr;
    if (!d) tmpl::Throw("AttributeError", "'" + date.TypeName() + "' object has no attribute 'strftime'");
    return Value(SiteStrftime(d->date(), format->Str(), *s));
  });
  auto table = [&](const char* key) {
    return settings.Has(key) && settings[key].is_object() ? settings[key] : Json::object();
  };
  const Json filters = table("JINJA_FILTERS"), tests = table("JINJA_TESTS"), globals = table("JINJA_GLOBALS");
  for (const auto& [key, value] : filters.items())
    if (auto name = TemplateBuiltinName(value))
      env->AddFilter(key, [name = *name](Interp& in, const Value& subject, Args& args) {
        Args all = WithSubject(subject, args);
        return CallPythonBuiltin(in, name, all);
      });
  for (const auto& [key, value] : tests.items())
    if (auto name = TemplateBuiltinName(value))
      env->AddTest(key, [name = *name](Interp& in, const Value& subject, Args& args) {
        Args all = WithSubject(subject, args);
        return CallPythonBuiltin(in, name, all).Truthy();
      });
  for (const auto& [key, value] : globals.items()) {
    auto name = TemplateBuiltinName(value);
    env->AddGlobal(key, name ? PythonBuiltinGlobal(*name) : FromJson(value, settings, "/JINJA_GLOBALS/" + EscapePointer(key)));
  }
  (void)messages;
}

}  // namespace stacks::site
