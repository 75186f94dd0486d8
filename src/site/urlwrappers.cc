#include "site/urlwrappers.h"

#include <cctype>
#include <functional>

#include "content/content.h"
#include "site/paginator.h"
#include "site/pyvalue.h"

namespace stacks::site {
namespace {

// str.strip() for the whitespace names are written with.
std::string Strip(std::string_view s) {
  const char* ws = " \t\n\r\f\v";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

UrlWrapper::UrlWrapper(UrlWrapperKind kind, std::string name, const Settings* settings)
    : kind_(kind), settings_(settings) {
  set_name(kind == UrlWrapperKind::kTag ? Strip(name) : std::move(name));
}

std::string_view UrlWrapper::ClassName() const {
  switch (kind_) {
    case UrlWrapperKind::kCategory: return "Category";
    case UrlWrapperKind::kTag: return "Tag";
    case UrlWrapperKind::kAuthor: return "Author";
  }
  return "";
}

void UrlWrapper::set_name(std::string name) {
  name_ = std::move(name);
  if (slug_from_name_) slug_ = Slugify(name_);
}

void UrlWrapper::set_slug(std::string slug) {
  slug_from_name_ = false;
  slug_ = std::move(slug);
}

namespace {

// The settings a wrapper's slug depends on, found in one pass over the
// settings (instead of a linear lookup per key): the kind's and the site's
// regex substitutions and the two SLUGIFY_* flags.
struct SlugSettings {
  const Json* kind_subs = nullptr;
  const Json* slug_subs = nullptr;
  const Json* preserve_case = nullptr;
  const Json* use_unicode = nullptr;
};

// Keys are compared as string_views, which check the length first, so most
// settings are passed over without looking at their characters.
SlugSettings FindSlugSettings(const Json& values, std::string_view kind_key) {
  static constexpr std::string_view kSlugSubs = "SLUG_REGEX_SUBSTITUTIONS";
  static constexpr std::string_view kPreserveCase = "SLUGIFY_PRESERVE_CASE";
  static constexpr std::string_view kUseUnicode = "SLUGIFY_USE_UNICODE";
  SlugSettings found;
  if (!values.is_object()) return found;
  for (const auto& [key, value] : values.get_ref<const Json::object_t&>()) {
    std::string_view name = key;
    if (name == kind_key) found.kind_subs = &value;
    else if (name == kSlugSubs) found.slug_subs = &value;
    else if (name == kPreserveCase) found.preserve_case = &value;
    else if (name == kUseUnicode) found.use_unicode = &value;
  }
  return found;
}

// The substitutions are KIND_REGEX_SUBSTITUTIONS when set, else
// SLUG_REGEX_SUBSTITUTIONS, else none.
content::SlugOptions MakeSlugOptions(const Json* subs, bool preserve_case, bool use_unicode) {
  content::SlugOptions options;
  if (subs && subs->is_array())
    for (const Json& pair : *subs)
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
        options.regex_subs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  options.preserve_case = preserve_case;
  options.use_unicode = use_unicode;
  return options;
}

bool IsTrue(const Json* flag) { return flag && flag->is_boolean() && flag->get<bool>(); }

// The slug options of the last settings seen for each kind, per thread. An
// entry is reused only when the substitutions it was made from compare equal
// to the current ones, so settings that differ (another site, an edited
// value) always get their own options.
struct CachedSlugOptions {
  bool valid = false;
  bool has_subs = false;
  Json subs;
  content::SlugOptions options;
};

const content::SlugOptions& SlugOptionsFor(const Json& values, UrlWrapperKind kind, std::string_view kind_key) {
  thread_local CachedSlugOptions cache[3];
  SlugSettings found = FindSlugSettings(values, kind_key);
  const Json* subs = found.kind_subs ? found.kind_subs : found.slug_subs;
  bool preserve_case = IsTrue(found.preserve_case);
  bool use_unicode = IsTrue(found.use_unicode);
  CachedSlugOptions& entry = cache[static_cast<int>(kind)];
  bool same = entry.valid && entry.has_subs == (subs != nullptr) && (!subs || *subs == entry.subs) &&
              entry.options.preserve_case == preserve_case && entry.options.use_unicode == use_unicode;
  if (!same) {
    entry.valid = true;
    entry.has_subs = subs != nullptr;
    entry.subs = subs ? *subs : Json();
    entry.options = MakeSlugOptions(subs, preserve_case, use_unicode);
  }
  return entry.options;
}

}  // namespace

std::string UrlWrapper::Slugify(std::string_view text) const {
  static constexpr std::string_view kKindKeys[] = {"CATEGORY_REGEX_SUBSTITUTIONS", "TAG_REGEX_SUBSTITUTIONS",
                                                   "AUTHOR_REGEX_SUBSTITUTIONS"};
  std::string_view kind_key = kKindKeys[static_cast<int>(kind_)];
  return content::Slugify(text, SlugOptionsFor(settings_->values, kind_, kind_key)).value_or("");
}

bool UrlWrapper::Equals(std::string_view text) const { return slug_ == Slugify(text); }
bool UrlWrapper::Less(std::string_view text) const { return slug_ < Slugify(text); }
size_t UrlWrapper::Hash() const { return std::hash<std::string>()(slug_); }

// The pattern is formatted with the wrapper's attributes as Pelican's
// as_dict gives them (name and slug are the ones patterns use).
std::string UrlWrapper::FromSettings(const char* key, bool page_name) const {
  std::string setting = Upper(ClassName()) + "_" + key;
  const Json& values = settings_->values;
  if (!values.contains(setting) || !values[setting].is_string()) return "";
  std::string pattern = values[setting].get<std::string>();
  if (page_name) pattern = SplitExt(pattern).first;
  std::vector<std::pair<std::string, PyValue>> fields = {
      {"name", PyValue::Str(name_)}, {"slug", PyValue::Str(slug_)}, {"_name", PyValue::Str(name_)},
      {"_slug", PyValue::Str(slug_)}, {"_slug_from_name", PyValue::Bool(slug_from_name_)}};
  std::string error;
  return BraceFormat(pattern, {}, fields, &error).value_or("");
}

}  // namespace stacks::site
