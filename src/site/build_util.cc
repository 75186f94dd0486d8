// Small pieces the build's steps share: paths, settings access, messages,
// and the memoized content of a content object.
#include <ctime>
#include <filesystem>

#include "site/build_internal.h"

namespace stacks::site {

thread_local std::string Site::local_siteurl;

bool Truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty() && !(v.is_string() && v.get<std::string>().empty());
  return true;
}

std::string SettingText(const Settings& settings, const std::string& key, const std::string& fallback) {
  if (!settings.Has(key) || !settings[key].is_string()) return fallback;
  return settings[key].get<std::string>();
}

content::DateTime Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  content::DateTime d;
  d.year = tm.tm_year + 1900;
  d.month = tm.tm_mon + 1;
  d.day = tm.tm_mday;
  return d;
}

// `{name}` replaced by its field; `{{`/`}}` are braces; unknown fields stay.
std::string FormatFields(const std::string& pattern, const std::map<std::string, std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t close = c == '{' ? pattern.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out.push_back(c);
      continue;
    }
    std::string name = pattern.substr(i + 1, close - i - 1);
    auto it = fields.find(name);
    out += it != fields.end() ? it->second : pattern.substr(i, close - i + 1);
    i = close;
  }
  return out;
}

std::string RelativePathToRoot(const std::string& output_name) {
  std::vector<std::string> parts = Split(output_name, '/');
  std::erase(parts, "");
  if (parts.size() <= 1) return ".";
  std::vector<std::string> up(parts.size() - 1, "..");
  return Join(up, "/");
}

int BuildResult::CountOf(Severity severity) const {
  int n = 0;
  for (const BuildMessage& m : messages) n += m.severity == severity;
  return n;
}

// ---- messages --------------------------------------------------------------------

void Messages::Add(Severity severity, std::string text) {
  std::lock_guard<std::mutex> lock(mutex_);
  messages_.push_back({severity, std::move(text)});
}

std::vector<BuildMessage> Messages::Take() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(messages_);
}

// ---- content objects ----------------------------------------------------------------

std::string ContentObject::Url(const Settings& settings) const {
  return item.kind == content::ItemKind::kStatic ? item.Url(settings.values) : url;
}

std::string ContentObject::SaveAs(const Settings& settings) const {
  return item.kind == content::ItemKind::kStatic ? item.SaveAs(settings.values) : save_as;
}

// Content.get_content(siteurl), memoized per site URL: the reader's HTML
// with intra-site links resolved. Link warnings are reported the first time.
std::string ContentObject::Content(const Site& site, const std::string& siteurl) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = content_.find(siteurl);
  if (it != content_.end()) return it->second;
  std::vector<std::string> warnings;
  std::string html = content::ReplaceLinks(item, item.raw_content, site.LinksFor(siteurl), &warnings);
  if (!warned_)
    for (std::string& w : warnings) site.messages->Warning(std::move(w));
  warned_ = true;
  return content_[siteurl] = html;
}

// Content.get_summary(siteurl): the `summary` metadata, else the content
// truncated to SUMMARY_MAX_LENGTH words.
std::string ContentObject::Summary(const Site& site, const std::string& siteurl) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = summary_.find(siteurl);
    if (it != summary_.end()) return it->second;
  }
  std::string html = Content(site, siteurl);
  std::string summary = content::Summary(item, html, site.settings->values);
  std::lock_guard<std::mutex> lock(mutex_);
  return summary_[siteurl] = summary;
}

const content::LinkContext& Site::LinksFor(const std::string& siteurl) const {
  std::lock_guard<std::mutex> lock(links_mutex_);
  std::unique_ptr<content::LinkContext>& slot = links_by_siteurl_[siteurl];
  if (!slot) {
    slot = std::make_unique<content::LinkContext>(links);
    slot->siteurl = siteurl;
  }
  return *slot;
}

}  // namespace stacks::site
