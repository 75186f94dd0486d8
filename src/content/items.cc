// Pelican's content objects (contents.Content and its Article, Page and
// Static kinds): the attributes set at construction, the url/save_as
// patterns and the summary.
#include <algorithm>
#include <ctime>
#include <tuple>

#include "base/base.h"
#include "content/content.h"
#include "content/item_paths.h"

namespace stacks::content {
namespace {

// One lookup (an ordered_json object is searched key by key).
const SettingsJson& Setting(const SettingsJson& settings, const std::string& key) {
  static const SettingsJson kNull;
  if (!settings.is_object()) return kNull;
  auto found = settings.find(key);
  return found == settings.end() ? kNull : *found;
}

std::string SettingString(const SettingsJson& settings, const std::string& key, const std::string& fallback = "") {
  const SettingsJson& v = Setting(settings, key);
  return v.is_string() ? v.get<std::string>() : fallback;
}

std::string MetaText(const Metadata& metadata, const std::string& key) {
  const MetaValue* v = metadata.Find(key);
  if (!v) return "";
  if (v->kind == MetaValue::Kind::kText) return v->text;
  if (v->kind == MetaValue::Kind::kList && !v->list.empty()) return v->list[0];
  return "";
}

std::string Lower(std::string s) {
  // str.lower() on language codes and statuses (ASCII in practice).
  return AsciiLower(s);
}

bool SettingTrue(const SettingsJson& settings, const std::string& key) {
  const SettingsJson& v = Setting(settings, key);
  return v.is_boolean() && v.get<bool>();
}

std::string SlugWith(const SettingsJson& settings, const std::string& class_key, const std::string& value) {
  SlugOptions options;
  const SettingsJson& class_subs = Setting(settings, class_key);
  const SettingsJson& subs = class_subs.is_array() ? class_subs : Setting(settings, "SLUG_REGEX_SUBSTITUTIONS");
  if (subs.is_array())
    for (const auto& pair : subs)
      if (pair.is_array() && pair.size() == 2) options.regex_subs.emplace_back(pair[0], pair[1]);
  options.preserve_case = SettingTrue(settings, "SLUGIFY_PRESERVE_CASE");
  options.use_unicode = SettingTrue(settings, "SLUGIFY_USE_UNICODE");
  return Slugify(value, options).value_or("");
}

std::string BaseNameNoExt(const std::string& path) {
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0 && base.find_first_not_of('.') < dot) base.erase(dot);
  return base;
}

// The date format for a language: DATE_FORMATS[lang] or
// DEFAULT_DATE_FORMAT; a (locale, format) pair gives its format.
std::string DateFormatFor(const SettingsJson& settings, const std::string& lang) {
  const SettingsJson& formats = Setting(settings, "DATE_FORMATS");
  SettingsJson format = formats.is_object() && formats.contains(lang) ? formats[lang]
                                                                       : Setting(settings, "DEFAULT_DATE_FORMAT");
  if (format.is_array() && format.size() == 2) format = format[1];
  return format.is_string() ? format.get<std::string>() : "%a %d %B %Y";
}

void ApplyMetadataAttributes(Item* item, const SettingsJson& settings) {
  const Metadata& meta = item->metadata;
  item->title = MetaText(meta, "title");
  item->category = MetaText(meta, "category");
  if (const MetaValue* v = meta.Find("tags")) item->tags = v->kind == MetaValue::Kind::kList ? v->list : std::vector{v->text};
  if (const MetaValue* v = meta.Find("save_as")) item->override_save_as = v->text;
  if (const MetaValue* v = meta.Find("url")) item->override_url = v->text;
  if (const MetaValue* v = meta.Find("authors"))
    item->authors = v->kind == MetaValue::Kind::kList ? v->list : std::vector{v->text};
  if (meta.Has("author")) {
    std::string author = MetaText(meta, "author");
    if (!meta.Has("authors")) item->authors = {author};
    else if (item->authors.empty()) item->authors = {author};
  } else if (item->authors.empty() && Setting(settings, "AUTHOR").is_string()) {
    item->authors = {Setting(settings, "AUTHOR").get<std::string>()};
  }
  item->template_name = meta.Has("template") ? MetaText(meta, "template")
                        : item->kind == ItemKind::kArticle ? "article"
                        : item->kind == ItemKind::kPage    ? "page"
                                                           : "None";
}

}  // namespace

DateTime NowLocal() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  DateTime d;
  d.year = tm.tm_year + 1900;
  d.month = tm.tm_mon + 1;
  d.day = tm.tm_mday;
  d.hour = tm.tm_hour;
  d.minute = tm.tm_min;
  d.second = tm.tm_sec;
  return d;
}

namespace {

// Content.__init__ then Article.__init__ on an item whose raw_content and
// metadata are already set: future dates turn an article into a draft
// unless WITH_FUTURE_DATES.
Item CompleteItem(Item item, ItemKind kind, const std::string& source_path, const SettingsJson& settings,
                  std::string* error) {
  item.kind = kind;
  item.source_path = source_path;
  item.relative_source_path = RelativeToContent(source_path, SettingString(settings, "PATH"));
  ApplyMetadataAttributes(&item, settings);
  const Metadata& meta = item.metadata;

  std::string default_lang = Lower(SettingString(settings, "DEFAULT_LANG", "en"));
  item.lang = meta.Has("lang") ? MetaText(meta, "lang") : default_lang;
  item.in_default_lang = item.lang == default_lang;

  if (meta.Has("slug")) {
    item.slug = MetaText(meta, "slug");
  } else {
    std::string source = SettingString(settings, "SLUGIFY_SOURCE");
    if (source == "title" && meta.Has("title")) item.slug = SlugWith(settings, "", item.title);
    else if (source == "basename") item.slug = SlugWith(settings, "", BaseNameNoExt(source_path));
  }

  item.date_format = meta.Has("date_format") ? MetaText(meta, "date_format") : DateFormatFor(settings, item.lang);
  std::string zone = meta.Has("timezone") ? MetaText(meta, "timezone") : SettingString(settings, "TIMEZONE", "UTC");
  for (auto [key, target, locale] : {std::tuple{"date", &item.date, &item.locale_date},
                                     std::tuple{"modified", &item.modified, &item.locale_modified}}) {
    const MetaValue* v = meta.Find(key);
    if (!v || v->kind != MetaValue::Kind::kDate) continue;
    std::optional<DateTime> local = Localize(v->date, zone, error);
    if (!local) return item;
    *target = *local;
    *locale = Strftime(*local, item.date_format);
  }
  item.status = meta.Has("status") ? Lower(MetaText(meta, "status")) : "published";

  bool with_future = Setting(settings, "WITH_FUTURE_DATES").is_boolean() &&
                     Setting(settings, "WITH_FUTURE_DATES").get<bool>();
  if (kind == ItemKind::kArticle && !with_future && item.date) {
    int64_t now_micros = item.date->utc_offset ? static_cast<int64_t>(std::time(nullptr)) * 1000000
                                               : UtcMicros(NowLocal());
    int64_t date_micros = UtcMicros(*item.date) - static_cast<int64_t>(item.date->utc_offset.value_or(0)) * 1000000;
    if (date_micros > now_micros) item.status = "draft";
  }
  if (kind == ItemKind::kArticle && !item.date && item.status == "draft") {
    DateTime max;
    max.year = 9999, max.month = 12, max.day = 31, max.hour = 23, max.minute = 59, max.second = 59;
    max.microsecond = 999999;
    item.date = Localize(max, zone, error);
  }
  return item;
}

}  // namespace

Item MakeItem(ItemKind kind, const ReadResult& read, const std::string& source_path, const SettingsJson& settings,
              std::string* error) {
  Item item;
  item.raw_content = read.content;
  item.metadata = read.metadata;
  return CompleteItem(std::move(item), kind, source_path, settings, error);
}

Item MakeItem(ItemKind kind, ReadResult&& read, const std::string& source_path, const SettingsJson& settings,
              std::string* error) {
  Item item;
  item.raw_content = std::move(read.content);
  item.metadata = std::move(read.metadata);
  return CompleteItem(std::move(item), kind, source_path, settings, error);
}

namespace {

// The fields Content.url_format adds over the metadata: path, slug, lang,
// date (now when there is none), and the slugs of the first author and of
// the category.
constexpr std::string_view kComputedUrlFields[] = {"path", "slug", "lang", "date", "author", "category"};

bool IsComputedUrlField(std::string_view name) {
  return std::find(std::begin(kComputedUrlFields), std::end(kComputedUrlFields), name) != std::end(kComputedUrlFields);
}

MetaValue ComputedUrlField(const Item& item, const SettingsJson& settings, std::string_view name) {
  if (name == "path") {
    const MetaValue* path = item.metadata.Find("path");
    return MetaValue::Text(path ? path->text : item.relative_source_path);
  }
  if (name == "slug") return MetaValue::Text(item.slug);
  if (name == "lang") return MetaValue::Text(item.lang);
  if (name == "date") return MetaValue::Date(item.date ? *item.date : NowLocal());
  if (name == "author")
    return MetaValue::Text(item.authors.empty() ? ""
                                                : SlugWith(settings, "AUTHOR_REGEX_SUBSTITUTIONS", item.authors[0]));
  return MetaValue::Text(item.metadata.Has("category")
                             ? SlugWith(settings, "CATEGORY_REGEX_SUBSTITUTIONS", item.category)
                             : "");
}

// str.format's output for one field's value.
void AppendFieldText(std::string* out, const MetaValue& v, const std::string& spec) {
  if (v.kind == MetaValue::Kind::kDate) *out += spec.empty() ? IsoFormat(v.date, ' ') : Strftime(v.date, spec);
  else if (v.kind == MetaValue::Kind::kList) *out += Join(v.list, ", ");
  else *out += v.text;
}

// str.format over fields found by `field(name, scratch)` (a pointer to the
// value, possibly to `scratch`, or nullptr): `{{`/`}}` are braces, `{name}`
// is the field's str(), `{name:spec}` with a date is strftime(spec)
// (Pelican's safe strftime, as SafeDatetime.__format__ does).
template <typename FieldFn>
std::string FormatWith(std::string_view pattern, const FieldFn& field) {
  std::string out;
  MetaValue scratch;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c != '{') {
      out.push_back(c);
      continue;
    }
    size_t close = pattern.find('}', i);
    if (close == std::string_view::npos) break;
    std::string_view spec_and_name = pattern.substr(i + 1, close - i - 1);
    size_t colon = spec_and_name.find(':');
    std::string name(spec_and_name.substr(0, colon));
    std::string spec = colon == std::string_view::npos ? "" : std::string(spec_and_name.substr(colon + 1));
    if (const MetaValue* v = field(name, scratch)) AppendFieldText(&out, *v, spec);
    i = close;
  }
  return out;
}

}  // namespace

std::string FormatItemUrlPattern(const Item& item, const SettingsJson& settings, std::string_view pattern) {
  return FormatWith(pattern, [&](const std::string& name, MetaValue& scratch) -> const MetaValue* {
    if (IsComputedUrlField(name)) {
      scratch = ComputedUrlField(item, settings, name);
      return &scratch;
    }
    return item.metadata.Find(name);
  });
}

std::map<std::string, MetaValue> Item::UrlFields(const SettingsJson& settings) const {
  std::map<std::string, MetaValue> fields;
  for (const auto& [key, value] : metadata.entries()) fields[key] = value;
  for (std::string_view name : kComputedUrlFields) fields[std::string(name)] = ComputedUrlField(*this, settings, name);
  return fields;
}

// get_url_setting: an explicit url/save_as wins; otherwise the pattern
// {KLASS}_{LANG_}{KEY} where KLASS is ARTICLE/DRAFT, PAGE/DRAFT_PAGE or STATIC.
static std::string UrlSetting(const Item& item, const SettingsJson& settings, bool url) {
  if (item.kind == ItemKind::kStatic) item.output_location_referenced = true;
  const std::optional<std::string>& override_value = url ? item.override_url : item.override_save_as;
  if (override_value) return *override_value;
  std::string klass = item.kind == ItemKind::kArticle ? (item.status == "draft" ? "DRAFT" : "ARTICLE")
                      : item.kind == ItemKind::kPage  ? (item.status == "draft" ? "DRAFT_PAGE" : "PAGE")
                                                      : "STATIC";
  std::string name = klass + "_" + (item.in_default_lang ? "" : "LANG_") + (url ? "URL" : "SAVE_AS");
  const SettingsJson& pattern = Setting(settings, name);
  return FormatItemUrlPattern(item, settings, pattern.is_string() ? pattern.get_ref<const std::string&>() : "");
}

std::string Item::Url(const SettingsJson& settings) const { return UrlSetting(*this, settings, true); }
std::string Item::SaveAs(const SettingsJson& settings) const { return UrlSetting(*this, settings, false); }

std::string FormatUrlPattern(std::string_view pattern, const std::map<std::string, MetaValue>& fields) {
  return FormatWith(pattern, [&](const std::string& name, MetaValue&) -> const MetaValue* {
    auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  });
}

std::string Summary(const Item& item, std::string_view content_html, const SettingsJson& settings) {
  if (const MetaValue* summary = item.metadata.Find("summary")) return summary->text;
  const SettingsJson& max_length = Setting(settings, "SUMMARY_MAX_LENGTH");
  if (!max_length.is_number_integer()) return std::string(content_html);
  return TruncateHtmlWords(content_html, max_length.get<int>(), SettingString(settings, "SUMMARY_END_SUFFIX"));
}

}  // namespace stacks::content
