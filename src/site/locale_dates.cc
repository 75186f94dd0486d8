// Dates in the site's locale, as Pelican formats them after
// locale.setlocale(LC_ALL, LOCALE): Pelican's utils.strftime, where the
// locale-dependent directives (%a %A %b %B %c %p %x %X) come from the C
// library's strftime under that locale and the rest as Python prints them.
#include <clocale>
#include <ctime>
#include <locale.h>
#include <map>
#include <mutex>

#include "site/build_internal.h"

namespace stacks::site {

// newlocale() for a name, made once; nullptr when the system lacks it.
// "" is the environment's locale, as setlocale(LC_ALL, "") reads it.
locale_t LocaleNamed(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, locale_t> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  locale_t loc = newlocale(LC_ALL_MASK, name.c_str(), static_cast<locale_t>(0));
  return cache[name] = loc;
}

// Pelican's configure: the first LOCALE entry the system accepts.
locale_t SiteLocale(const Settings& settings) {
  const Json& spec = settings.Has("LOCALE") ? settings["LOCALE"] : Json::array({""});
  std::vector<std::string> names;
  if (spec.is_string()) names.push_back(spec.get<std::string>());
  if (spec.is_array())
    for (const Json& n : spec)
      if (n.is_string()) names.push_back(n.get<std::string>());
  for (const std::string& n : names)
    if (locale_t loc = LocaleNamed(n)) return loc;
  return nullptr;
}

// The locale an item's dates are formatted in: the (locale, format) pair
// DATE_FORMATS gives its language, else the site's LOCALE.
locale_t ItemLocale(const content::Item& item, const Settings& settings) {
  const Json& formats = settings.Has("DATE_FORMATS") ? settings["DATE_FORMATS"] : Json::object();
  if (!item.metadata.Has("date_format") && formats.is_object() && formats.contains(item.lang)) {
    const Json& f = formats[item.lang];
    if (f.is_array() && f.size() == 2 && f[0].is_string())
      if (locale_t loc = LocaleNamed(f[0].get<std::string>())) return loc;
  }
  return SiteLocale(settings);
}

void LocalizeItemDates(content::Item* item, const Settings& settings) {
  locale_t loc = ItemLocale(*item, settings);
  if (!loc) return;
  if (item->date) item->locale_date = content::Strftime(*item->date, item->date_format, loc);
  if (item->modified) item->locale_modified = content::Strftime(*item->modified, item->date_format, loc);
}

std::string LocaleMonthName(int month, const Settings& settings) {
  content::DateTime d;
  d.year = 2000, d.month = month, d.day = 1;
  return content::Strftime(d, "%B", SiteLocale(settings));
}

// Each `{date:SPEC}` field of a str.format pattern replaced by the date
// formatted in the site's locale (SafeDatetime.__format__), braces in the
// result doubled so the pattern can still be formatted; `{{`/`}}` kept.
std::string LocalizeDatePattern(const std::string& pattern, const content::DateTime& date, const Settings& settings) {
  locale_t loc = SiteLocale(settings);
  if (!loc) return pattern;
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out.append(2, c);
      ++i;
      continue;
    }
    size_t close = c == '{' ? pattern.find('}', i) : std::string::npos;
    if (close == std::string::npos || pattern.compare(i + 1, 5, "date:") != 0) {
      out.push_back(c);
      continue;
    }
    std::string spec = pattern.substr(i + 6, close - i - 6);
    out += ReplaceAll(ReplaceAll(content::Strftime(date, spec, loc), "{", "{{"), "}", "}}");
    i = close;
  }
  return out;
}

// Content.get_url_setting: an explicit url/save_as wins; otherwise the
// {ARTICLE,DRAFT,PAGE,DRAFT_PAGE}[_LANG]_{URL,SAVE_AS} pattern, its dates
// in the site's locale.
std::string ItemUrlSetting(const content::Item& item, const Settings& settings, bool save_as) {
  const std::optional<std::string>& override_value = save_as ? item.override_save_as : item.override_url;
  if (override_value) return *override_value;
  std::string klass = item.kind == content::ItemKind::kArticle ? (item.status == "draft" ? "DRAFT" : "ARTICLE")
                      : item.kind == content::ItemKind::kPage  ? (item.status == "draft" ? "DRAFT_PAGE" : "PAGE")
                                                               : "STATIC";
  std::string name = klass + "_" + (item.in_default_lang ? "" : "LANG_") + (save_as ? "SAVE_AS" : "URL");
  // The `date` field is the item's date, or now when it has none (as
  // Content.url_format gives it); the other fields are looked up only when
  // the pattern names them.
  std::string pattern = SettingText(settings, name);
  if (pattern.find("{date:") != std::string::npos)
    pattern = LocalizeDatePattern(pattern, item.date ? *item.date : content::NowLocal(), settings);
  return content::FormatItemUrlPattern(item, settings.values, pattern);
}

std::string SiteStrftime(const content::DateTime& date, std::string_view format, const Settings& settings) {
  return content::Strftime(date, format, SiteLocale(settings));
}

}  // namespace stacks::site
