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

// The substitutions are KIND_REGEX_SUBSTITUTIONS when set, else
// SLUG_REGEX_SUBSTITUTIONS, else none.
std::string UrlWrapper::Slugify(std::string_view text) const {
  const Json& values = settings_->values;
  content::SlugOptions options;
  std::string kind_key = Upper(ClassName()) + "_REGEX_SUBSTITUTIONS";
  const Json* subs = nullptr;
  if (values.contains(kind_key)) subs = &values[kind_key];
  else if (values.contains("SLUG_REGEX_SUBSTITUTIONS")) subs = &values["SLUG_REGEX_SUBSTITUTIONS"];
  if (subs && subs->is_array())
    for (const Json& pair : *subs)
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
        options.regex_subs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  auto flag = [&](const char* key) { return values.contains(key) && values[key].is_boolean() && values[key].get<bool>(); };
  options.preserve_case = flag("SLUGIFY_PRESERVE_CASE");
  options.use_unicode = flag("SLUGIFY_USE_UNICODE");
  return content::Slugify(text, options).value_or("");
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
