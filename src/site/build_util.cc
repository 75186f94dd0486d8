// Small pieces the build's steps share: paths, settings access, messages,
// and the memoized content of a content object.
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>

#include "site/build_internal.h"
#include "content/regex_match.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

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
  content::DateTime now = content::NowLocal(), d;
  d.year = now.year;
  d.month = now.month;
  d.day = now.day;
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

// ---- intra-site link spans -------------------------------------------------------

std::string IntrasiteLinkPattern(const Settings& settings) {
  return "(?P<markup><[^\\>]+(?:href|src|poster|data|cite|formaction|action|content)\\s*=\\s*)"
         "(?P<quote>[\"\\'])(?P<path>" + SettingText(settings, "INTRASITE_LINK_REGEX") +
         "(?P<value>.*?))(?P=quote)";
}

namespace {

constexpr std::string_view kDefaultLinkRegex = "[{|](?P<what>.*?)[|}]";

// Where a match can use its opening quote: a quote followed by '{' or '|'.
// Both markers are rare in HTML, so each is found with memchr and the two
// streams of positions are merged in order.
std::vector<size_t> LinkQuoteCandidates(std::string_view html) {
  std::vector<size_t> out;
  auto next = [html](char marker, size_t from) {
    const void* hit = from < html.size() ? std::memchr(html.data() + from, marker, html.size() - from) : nullptr;
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - html.data()) : std::string_view::npos;
  };
  size_t brace = next('{', 1), bar = next('|', 1);
  while (brace != std::string_view::npos || bar != std::string_view::npos) {
    size_t i = std::min(brace, bar);
    if (i == brace) brace = next('{', i + 1);
    else bar = next('|', i + 1);
    if (html[i - 1] == '"' || html[i - 1] == '\'') out.push_back(i - 1);
  }
  return out;
}

// The link pattern compiled once for the process (as the content library
// compiles it: Python syntax translated, UTF and Unicode classes), with
// the numbers of its `what` and `value` groups.
struct CompiledLinkPattern {
  pcre2_code* code = nullptr;
  int what = 0, value = 0;
};

const CompiledLinkPattern* LinkPatternFor(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, CompiledLinkPattern> compiled;  // kept for the process
  std::lock_guard<std::mutex> lock(mutex);
  auto it = compiled.find(pattern);
  if (it == compiled.end()) {
    std::string translated = content::TranslatePythonRegex(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    CompiledLinkPattern c;
    c.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), PCRE2_UTF | PCRE2_UCP,
                           &error, &offset, nullptr);
    if (c.code) {
      c.what = pcre2_substring_number_from_name(c.code, reinterpret_cast<PCRE2_SPTR>("what"));
      c.value = pcre2_substring_number_from_name(c.code, reinterpret_cast<PCRE2_SPTR>("value"));
    }
    it = compiled.emplace(pattern, c).first;
  }
  return it->second.code && it->second.what > 0 && it->second.value > 0 ? &it->second : nullptr;
}

// re.finditer over `text` (offsets relative to `text`).
std::vector<LinkMatch> FindLinks(const CompiledLinkPattern& p, std::string_view text) {
  std::vector<LinkMatch> out;
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(p.code, nullptr);
  auto group = [&](const PCRE2_SIZE* ov, int n) {
    return ov[2 * n] == PCRE2_UNSET ? std::string_view() : text.substr(ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
  };
  for (size_t pos = 0; pos < text.size();) {
    int rc = pcre2_match(p.code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), pos,
                         pos == 0 ? 0 : PCRE2_NO_UTF_CHECK, data, nullptr);
    if (rc < 0) break;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data);
    out.push_back({ov[0], ov[1], group(ov, p.what), group(ov, p.value)});
    pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;  // the pattern never matches empty text
  }
  pcre2_match_data_free(data);
  return out;
}

}  // namespace

// With the default link regex a match is `<`, then no `>` up to its opening
// quote q (a candidate: quote + '{' or '|'), then the rest on q's line. So a
// match can only start at a '<' of the `>`-free run before a candidate. For
// each such run [r0, g) (r0: its first '<', g: the next '>'), the pattern is
// run on html[r0, r1), r1 the end of the line of the run's last candidate:
// every match starting before g ends by r1, and a match in a prefix of the
// text is one in the whole text, so the matches found there (those starting
// before g) are exactly finditer's. The search resumes after the last match
// (or at g), as finditer does.
std::optional<std::vector<LinkMatch>> IntrasiteLinkMatches(std::string_view html, const Settings& settings) {
  if (SettingText(settings, "INTRASITE_LINK_REGEX") != kDefaultLinkRegex) return std::nullopt;
  std::vector<LinkMatch> matches;
  std::vector<size_t> candidates = LinkQuoteCandidates(html);
  if (candidates.empty()) return matches;
  const CompiledLinkPattern* pattern = LinkPatternFor(IntrasiteLinkPattern(settings));
  if (!pattern) return std::nullopt;
  size_t pos = 0;  // where finditer's search goes on
  for (size_t c = 0; c < candidates.size(); ++c) {
    size_t q = candidates[c];
    if (q < pos) continue;
    size_t r0 = std::string_view::npos;
    for (size_t i = q; i > pos && html[i - 1] != '>';) {
      --i;
      if (html[i] == '<') r0 = i;
    }
    if (r0 == std::string_view::npos) continue;
    size_t g = html.find('>', r0);
    if (g == std::string_view::npos) g = html.size();
    size_t last = c;
    while (last + 1 < candidates.size() && candidates[last + 1] < g) ++last;
    size_t r1 = html.find('\n', candidates[last]);
    if (r1 == std::string_view::npos) r1 = html.size();
    size_t resume = g;
    for (LinkMatch m : FindLinks(*pattern, html.substr(r0, r1 - r0))) {
      if (r0 + m.begin >= g) break;
      m.begin += r0;
      m.end += r0;
      matches.push_back(m);
      resume = std::max(g, m.end);
    }
    pos = resume;
  }
  return matches;
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

// IntrasiteLinkMatches of the reader's HTML, found the first time they are
// asked for (reading static links, resolving, rendering) and kept.
const LinkMatches& ContentObject::LinkSpansLocked(const Settings& settings) const {
  if (!spans_known_) spans_ = IntrasiteLinkMatches(item.raw_content, settings);
  spans_known_ = true;
  return spans_;
}

const LinkMatches& ContentObject::LinkSpans(const Settings& settings) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return LinkSpansLocked(settings);
}

// content::ReplaceLinks on each link span of the content only (the text
// between spans is copied as it is). A span whose link gives a warning
// that names a place in the HTML would name it relative to the span: then
// the whole content goes through ReplaceLinks instead. mutex_ is held.
std::string ContentObject::ReplaceLinksBySpans(const Site& site, const content::LinkContext& links,
                                               std::vector<std::string>* warnings) const {
  const LinkMatches& spans = LinkSpansLocked(*site.settings);
  if (!spans) return content::ReplaceLinks(item, item.raw_content, links, warnings);
  std::string_view html = item.raw_content;
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;
  for (const auto& [begin, end, what, value] : *spans) {
    std::vector<std::string> span_warnings;
    out.append(html.substr(copied, begin - copied));
    out += content::ReplaceLinks(item, html.substr(begin, end - begin), links, &span_warnings);
    for (std::string& w : span_warnings) {
      if (w.find(": warning: ") != std::string::npos) {
        warnings->clear();
        return content::ReplaceLinks(item, item.raw_content, links, warnings);
      }
      warnings->push_back(std::move(w));
    }
    copied = end;
  }
  out.append(html.substr(copied));
  return out;
}

// Content.get_content(siteurl), memoized per site URL: the reader's HTML
// with intra-site links resolved. Link warnings are reported the first time.
const std::string& ContentObject::Content(const Site& site, const std::string& siteurl) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = content_.find(siteurl);
  if (it != content_.end()) return it->second;
  const LinkMatches& spans = LinkSpansLocked(*site.settings);
  if (spans && spans->empty()) return item.raw_content;  // nothing to replace: no copy
  std::vector<std::string> warnings;
  std::string html = ReplaceLinksBySpans(site, site.LinksFor(siteurl), &warnings);
  if (!warned_)
    for (std::string& w : warnings) site.messages->Warning(std::move(w));
  warned_ = true;
  return content_.emplace(siteurl, std::move(html)).first->second;
}

bool ContentObject::ResolveQuietly(const Site& site, const std::string& siteurl,
                                   const content::LinkContext& links) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (content_.count(siteurl)) return true;
  const LinkMatches& spans = LinkSpansLocked(*site.settings);
  if (spans && spans->empty()) return true;
  std::vector<std::string> warnings;
  std::string html = ReplaceLinksBySpans(site, links, &warnings);
  if (!warnings.empty()) return false;
  content_.emplace(siteurl, std::move(html));
  warned_ = true;
  return true;
}

// Content.get_summary(siteurl): the `summary` metadata, else the content
// truncated to SUMMARY_MAX_LENGTH words.
const std::string& ContentObject::Summary(const Site& site, const std::string& siteurl) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = summary_.find(siteurl);
    if (it != summary_.end()) return it->second;
  }
  std::string summary = content::Summary(item, Content(site, siteurl), site.settings->values);
  std::lock_guard<std::mutex> lock(mutex_);
  return summary_.emplace(siteurl, std::move(summary)).first->second;
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
