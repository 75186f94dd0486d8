// Intra-site links (Content._update_content / _link_replacer): every
// quoted attribute value that starts with an INTRASITE_LINK_REGEX marker
// ({filename}, {static}, |filename|, ...) is replaced by the URL of what it
// names, joined to the site URL; the rest of the URL (query, fragment) is
// kept. Paths, URLs and joins follow os.path and urllib.parse.
#include <algorithm>

#include "base/base.h"
#include "content/content.h"
#include "content/item_paths.h"
#include "content/regex_match.h"
#include "markdown/html_parser.h"

namespace stacks::content {

// ---- paths ----------------------------------------------------------------------

// normpath: '.' dropped, '..' pops a real segment, repeated '/' collapsed.
std::string NormPath(std::string_view path) {
  if (path.empty()) return ".";
  bool absolute = path[0] == '/';
  std::vector<std::string> out;
  for (const std::string& part : Split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == ".." && !out.empty() && out.back() != "..") out.pop_back();
    else if (part == ".." && absolute) continue;
    else out.push_back(part);
  }
  std::string joined = Join(out, "/");
  if (absolute) return "/" + joined;
  return joined.empty() ? "." : joined;
}

std::string RelPath(const std::string& path, const std::string& start) {
  std::vector<std::string> a = Split(NormPath(path), '/'), b = Split(NormPath(start), '/');
  std::erase(a, "");
  std::erase(b, "");
  if (b.size() == 1 && b[0] == ".") b.clear();
  if (a.size() == 1 && a[0] == ".") a.clear();
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::vector<std::string> rel(b.size() - common, "..");
  rel.insert(rel.end(), a.begin() + common, a.end());
  return rel.empty() ? "." : Join(rel, "/");
}

std::string RelativeToContent(const std::string& path, const std::string& content_path) {
  std::string base = content_path.empty() ? "." : content_path;
  std::string full = !path.empty() && path[0] == '/' ? path : base + "/" + path;
  return RelPath(full, base);
}

// ---- link replacement ---------------------------------------------------------------

namespace {

std::string SettingString(const SettingsJson* settings, const std::string& key) {
  if (!settings || !settings->contains(key) || !(*settings)[key].is_string()) return "";
  return (*settings)[key].get<std::string>();
}

bool RelativeUrls(const SettingsJson* settings) {
  return settings && settings->contains("RELATIVE_URLS") && (*settings)["RELATIVE_URLS"].is_boolean() &&
         (*settings)["RELATIVE_URLS"].get<bool>();
}

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// os.path.join(a, b) for '/' paths.
std::string PathJoin(const std::string& a, const std::string& b) {
  if (!b.empty() && b[0] == '/') return b;
  if (a.empty() || a.back() == '/') return a + b;
  return a + "/" + b;
}

// URL of a taxonomy page: {KIND}_URL formatted with the name's slug.
std::string WrapperUrl(const SettingsJson& settings, const std::string& kind, const std::string& name) {
  SlugOptions options;
  std::string class_key = kind + "_REGEX_SUBSTITUTIONS";
  const SettingsJson& subs = settings.contains(class_key) ? settings[class_key]
                             : settings.contains("SLUG_REGEX_SUBSTITUTIONS") ? settings["SLUG_REGEX_SUBSTITUTIONS"]
                                                                              : SettingsJson::array();
  for (const auto& pair : subs)
    if (pair.is_array() && pair.size() == 2) options.regex_subs.emplace_back(pair[0], pair[1]);
  options.preserve_case = settings.value("SLUGIFY_PRESERVE_CASE", false);
  options.use_unicode = settings.value("SLUGIFY_USE_UNICODE", false);
  std::map<std::string, MetaValue> fields{{"name", MetaValue::Text(name)},
                                          {"slug", MetaValue::Text(Slugify(name, options).value_or(""))}};
  return FormatUrlPattern(settings.value(kind + "_URL", ""), fields);
}

// Where the link `{what}value` was written: its position in the source file
// when it can be found there, else in the HTML.
std::string LinkPlace(const Item& item, std::string_view html, size_t offset, std::string_view written) {
  std::optional<std::string> source = ReadFile(item.source_path);
  std::string_view text = html;
  if (source && source->find(written) != std::string::npos) {
    offset = source->find(written);
    text = *source;
  }
  LineCol lc = LineColAt(text, offset);
  return item.relative_source_path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

struct Replacer {
  const Item& item;
  const LinkContext& context;
  std::string_view html;
  std::vector<std::string>* warnings;
  std::vector<std::string>* attached;

  // _find_path: '/x' is relative to the content folder, 'x' to the item's.
  template <typename Table>
  const Item* Find(const Table& table, const std::string& path) const {
    std::string key = !path.empty() && path[0] == '/' ? path.substr(1)
                                                       : NormPath(PathJoin(Dirname(item.relative_source_path), path));
    auto it = table.find(key);
    return it == table.end() ? nullptr : it->second;
  }

  template <typename Table>
  const Item* FindAny(const Table& table, ParsedUrl* value) const {
    if (const Item* hit = Find(table, value->path)) return hit;
    if (const Item* hit = Find(table, Unquote(value->path))) return hit;
    ParsedUrl unescaped = UrlParse(markdown::HtmlUnescape(UrlUnparse(*value)));
    if (const Item* hit = Find(table, unescaped.path)) {
      *value = unescaped;
      return hit;
    }
    return nullptr;
  }

  // _get_linked_content: the path as written, unquoted, then HTML-unescaped
  // (which also replaces the URL's other parts); {filename} falls back to
  // static files with a warning.
  const Item* Linked(const std::string& what, ParsedUrl* value) const {
    if (what != "filename") return FindAny(context.statics, value);
    if (const Item* hit = FindAny(context.generated, value)) return hit;
    if (const Item* hit = FindAny(context.statics, value)) {
      warnings->push_back("{filename} used for linking to static content " + value->path + " in " +
                          item.relative_source_path + ". Use {static} instead");
      return hit;
    }
    return nullptr;
  }

  // Static.attach_to: the file moves beside the linking item's output,
  // unless its location is fixed already (override, or an earlier link).
  void AttachTo(const Item* linked) const {
    Item* target = nullptr;
    for (const auto& [path, candidate] : context.statics)
      if (candidate == linked) target = candidate;
    if (!target) return;
    const SettingsJson& settings = *context.settings;
    std::string tail = RelPath(target->source_path, Dirname(item.source_path));
    if (tail.rfind("../", 0) == 0) tail = tail.substr(tail.rfind('/') + 1);
    std::string new_save_as = PathJoin(Dirname(item.SaveAs(settings)), tail);
    auto reason = [&](const std::string& why) {
      warnings->push_back("The {attach} link in " + item.relative_source_path + " cannot relocate " +
                          target->relative_source_path + " because " + why +
                          ". Falling back to {filename} link behavior instead.");
    };
    bool overridden = target->override_save_as || target->override_url;
    if (overridden || target->output_location_referenced) {
      if (new_save_as != target->SaveAs(settings) || new_save_as != target->Url(settings))
        reason(overridden ? "its output location was already overridden"
                          : "another link already referenced its location");
      return;
    }
    target->override_save_as = new_save_as;
    target->override_url = new_save_as;
  }

  std::string Replace(const RegexMatch& m) const {
    const SettingsJson& settings = *context.settings;
    std::string what(m.Named(html, "what"));
    ParsedUrl value = UrlParse(m.Named(html, "value"));
    std::string path = value.path;
    std::string origin(m.Named(html, "path"));
    std::string siteurl = context.siteurl;
    bool relative = RelativeUrls(context.settings);
    if (!relative && (siteurl.empty() || siteurl.back() != '/')) siteurl += "/";
    auto join = [&](const std::string& url) { return relative ? PathJoin(siteurl, url) : UrlJoin(siteurl, url); };
    if (what == "filename" || what == "static" || what == "attach") {
      const Item* linked = Linked(what, &value);
      if (linked) {
        if (what == "attach") {
          AttachTo(linked);
          if (attached) attached->push_back(linked->relative_source_path);
        }
        origin = join(linked->Url(settings));
      } else {
        warnings->push_back(LinkPlace(item, html, m.groups[0].first, m.Group(html, 3)) +
                            ": warning: Unable to find '" + UrlUnparse(value) + "', skipping url replacement.");
      }
    } else if (what == "category" || what == "tag" || what == "author") {
      std::string kind = what == "category" ? "CATEGORY" : what == "tag" ? "TAG" : "AUTHOR";
      origin = join(WrapperUrl(settings, kind, path));
    } else if (what == "index") {
      origin = join(SettingString(context.settings, "INDEX_SAVE_AS"));
    } else {
      warnings->push_back(LinkPlace(item, html, m.groups[0].first, m.Group(html, 3)) +
                          ": warning: Replacement Indicator '" + what + "' not recognized, skipping replacement");
    }
    value.path = origin;
    std::string quote(m.Named(html, "quote"));
    return std::string(m.Named(html, "markup")) + quote + UrlUnparse(value) + quote;
  }
};

}  // namespace

std::string ReplaceLinks(const Item& item, std::string_view html, const LinkContext& context,
                         std::vector<std::string>* warnings, std::vector<std::string>* attached) {
  if (html.empty() || !context.settings) return std::string(html);
  std::string link_regex = SettingString(context.settings, "INTRASITE_LINK_REGEX");
  std::string pattern = "(?P<markup><[^\\>]+(?:href|src|poster|data|cite|formaction|action|content)\\s*=\\s*)"
                        "(?P<quote>[\"\\'])(?P<path>" + link_regex + "(?P<value>.*?))(?P=quote)";
  std::string error;
  std::vector<RegexMatch> matches = FindAllMatches(pattern, html, false, &error);
  if (!error.empty()) {
    warnings->push_back(error);
    return std::string(html);
  }
  std::vector<std::string> local_warnings;
  Replacer replacer{item, context, html, warnings ? warnings : &local_warnings, attached};
  std::string out;
  size_t copied = 0;
  for (const RegexMatch& m : matches) {
    out.append(html.substr(copied, m.groups[0].first - copied));
    out += replacer.Replace(m);
    copied = m.groups[0].second;
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace stacks::content
