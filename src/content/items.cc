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

const SettingsJson& Setting(const SettingsJson& settings, const std::string& key) {
  static const SettingsJson kNull;
  return settings.contains(key) ? settings[key] : kNull;
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

std::string SlugWith(const SettingsJson& settings, const std::string& class_key, const std::string& value) {
  SlugOptions options;
  const SettingsJson& subs = Setting(settings, class_key).is_array() ? Setting(settings, class_key)
                                                                     : Setting(settings, "SLUG_REGEX_SUBSTITUTIONS");
  if (subs.is_array())
    for (const auto& pair : subs)
      if (pair.is_array() && pair.size() == 2) options.regex_subs.emplace_back(pair[0], pair[1]);
  options.preserve_case = Setting(settings, "SLUGIFY_PRESERVE_CASE").is_boolean() &&
                          Setting(settings, "SLUGIFY_PRESERVE_CASE").get<bool>();
  options.use_unicode = Setting(settings, "SLUGIFY_USE_UNICODE").is_boolean() &&
                        Setting(settings, "SLUGIFY_USE_UNICODE").get<bool>();
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

// Content.__init__ then Article.__init__: future dates turn an article into
// a draft unless WITH_FUTURE_DATES.
Item MakeItem(ItemKind kind, const ReadResult& read, const std::string& source_path, const SettingsJson& settings,
              std::string* error) {
  Item item;
  item.kind = kind;
  item.raw_content = read.content;
  item.metadata = read.metadata;
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

std::map<std::string, MetaValue> Item::UrlFields(const SettingsJson& settings) const {
  std::map<std::string, MetaValue> fields;
  for (const auto& [key, value] : metadata.entries()) fields[key] = value;
  const MetaValue* path = metadata.Find("path");
  fields["path"] = MetaValue::Text(path ? path->text : relative_source_path);
  fields["slug"] = MetaValue::Text(slug);
  fields["lang"] = MetaValue::Text(lang);
  if (date) {
    fields["date"] = MetaValue::Date(*date);
  } else {
    fields["date"] = MetaValue::Date(NowLocal());
  }
  fields["author"] = MetaValue::Text(authors.empty() ? "" : SlugWith(settings, "AUTHOR_REGEX_SUBSTITUTIONS", authors[0]));
  fields["category"] =
      MetaValue::Text(metadata.Has("category") ? SlugWith(settings, "CATEGORY_REGEX_SUBSTITUTIONS", category) : "");
  return fields;
}

// get_url_setting: an explicit url/save_as wins; otherwise the pattern
// {KLASS}_{LANG_}{KEY} where KLASS is ARTICLE/DRAFT, PAGE/DRAFT_PAGE or STATIC.
static std::string UrlSetting(const Item& item, const SettingsJson& settings, const std::string& key) {
  if (item.kind == ItemKind::kStatic) item.output_location_referenced = true;
  const std::optional<std::string>& override_value = key == "url" ? item.override_url : item.override_save_as;
  if (override_value) return *override_value;
  std::string klass = item.kind == ItemKind::kArticle ? (item.status == "draft" ? "DRAFT" : "ARTICLE")
                      : item.kind == ItemKind::kPage  ? (item.status == "draft" ? "DRAFT_PAGE" : "PAGE")
                                                      : "STATIC";
  std::string name = klass + "_" + (item.in_default_lang ? "" : "LANG_") + (key == "url" ? "URL" : "SAVE_AS");
  return FormatUrlPattern(SettingString(settings, name), item.UrlFields(settings));
}

std::string Item::Url(const SettingsJson& settings) const { return UrlSetting(*this, settings, "url"); }
std::string Item::SaveAs(const SettingsJson& settings) const { return UrlSetting(*this, settings, "save_as"); }

// str.format over the fields: `{{`/`}}` are braces, `{name}` is the field's
// str(), `{name:spec}` with a date is strftime(spec) (Pelican's safe
// strftime, as SafeDatetime.__format__ does).
std::string FormatUrlPattern(std::string_view pattern, const std::map<std::string, MetaValue>& fields) {
  std::string out;
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
    std::string_view field = pattern.substr(i + 1, close - i - 1);
    size_t colon = field.find(':');
    std::string name(field.substr(0, colon));
    std::string spec = colon == std::string_view::npos ? "" : std::string(field.substr(colon + 1));
    auto it = fields.find(name);
    if (it != fields.end()) {
      const MetaValue& v = it->second;
      if (v.kind == MetaValue::Kind::kDate) out += spec.empty() ? IsoFormat(v.date, ' ') : Strftime(v.date, spec);
      else if (v.kind == MetaValue::Kind::kList) out += Join(v.list, ", ");
      else out += v.text;
    }
    i = close;
  }
  return out;
}

std::string Summary(const Item& item, std::string_view content_html, const SettingsJson& settings) {
  if (const MetaValue* summary = item.metadata.Find("summary")) return summary->text;
  const SettingsJson& max_length = Setting(settings, "SUMMARY_MAX_LENGTH");
  if (!max_length.is_number_integer()) return std::string(content_html);
  return TruncateHtmlWords(content_html, max_length.get<int>(), SettingString(settings, "SUMMARY_END_SUFFIX"));
}

}  // namespace stacks::content
