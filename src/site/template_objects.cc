// The objects templates see, shaped like Pelican's: settings values (tuples
// stay tuples), SafeDatetime dates, Category/Tag/Author wrappers, Article/
// Page/Static objects with their attributes and methods, and the Paginator
// and Page of paginated templates.
#include <memory>

#include "site/build_internal.h"
#include "site/paginator.h"
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
    if (name == "url") return Value(w_.url());
    if (name == "save_as") return Value(w_.save_as());
    if (name == "page_name") return Value(w_.page_name());
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
  UrlWrapper w_;
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

  std::optional<Value> Wrappers(std::string_view name) const {
    if (name == "category") {
      if (o_->category) return WrapperValue(*o_->category);
      return std::nullopt;
    }
    if (name == "tags") {
      if (o_->has_tags) return WrapperList(o_->tags);
      return std::nullopt;
    }
    if (name == "author") {
      if (o_->has_author) return WrapperValue(o_->authors[0]);
      return std::nullopt;
    }
    if (name == "authors") {
      if (o_->has_author) return WrapperList(o_->authors);
      return std::nullopt;
    }
    return std::nullopt;
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

// Generator.__init__: the `strftime` filter (DateFormatter) and the
// JINJA_FILTERS/GLOBALS/TESTS settings. Settings cannot hold Python
// functions, so JINJA_GLOBALS values are added as values; filters and tests
// named there are reported as unsupported.
void AddPelicanExtras(tmpl::Environment* env, const Settings& settings, Messages* messages) {
  const Settings* s = &settings;
  env->AddFilter("strftime", [s](Interp&, const Value& date, Args& args) {
    const Value* format = args.Get(0, "date_format");
    if (!format) tmpl::Throw("TypeError", "__call__() missing 1 required positional argument: 'date_format'");
    auto* d = date.IsObject() ? dynamic_cast<const DateObject*>(date.AsObject().get()) : nullptr;
    if (!d) tmpl::Throw("AttributeError", "'" + date.TypeName() + "' object has no attribute 'strftime'");
    return Value(SiteStrftime(d->date(), format->Str(), *s));
  });
  if (settings.Has("JINJA_GLOBALS") && settings["JINJA_GLOBALS"].is_object())
    for (auto it = settings["JINJA_GLOBALS"].begin(); it != settings["JINJA_GLOBALS"].end(); ++it)
      env->AddGlobal(it.key(), FromJson(it.value(), settings, "/JINJA_GLOBALS/" + EscapePointer(it.key())));
  (void)messages;
}

}  // namespace stacks::site
