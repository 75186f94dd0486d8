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

// ---- urllib.parse -------------------------------------------------------------------

ParsedUrl UrlParse(std::string_view input) {
  ParsedUrl u;
  std::string url(input);
  size_t colon = url.find(':');
  if (colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0]))) {
    bool scheme_chars = std::all_of(url.begin(), url.begin() + colon, [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
    if (scheme_chars) {
      u.scheme = AsciiLower(url.substr(0, colon));
      url = url.substr(colon + 1);
    }
  }
  if (url.rfind("//", 0) == 0) {
    size_t end = url.find_first_of("/?#", 2);
    u.netloc = url.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    url = end == std::string::npos ? "" : url.substr(end);
  }
  if (size_t hash = url.find('#'); hash != std::string::npos) {
    u.fragment = url.substr(hash + 1);
    url.erase(hash);
  }
  if (size_t q = url.find('?'); q != std::string::npos) {
    u.query = url.substr(q + 1);
    url.erase(q);
  }
  size_t slash = url.rfind('/');
  size_t semi = url.find(';', slash == std::string::npos ? 0 : slash);
  if (semi != std::string::npos) {
    u.params = url.substr(semi + 1);
    url.erase(semi);
  }
  u.path = url;
  return u;
}

std::string UrlUnparse(const ParsedUrl& u) {
  std::string url = u.path;
  if (!u.params.empty()) url += ";" + u.params;
  if (!u.netloc.empty()) {
    if (!url.empty() && url[0] != '/') url = "/" + url;
    url = "//" + u.netloc + url;
  }
  if (!u.scheme.empty()) url = u.scheme + ":" + url;
  if (!u.query.empty()) url += "?" + u.query;
  if (!u.fragment.empty()) url += "#" + u.fragment;
  return url;
}

// urljoin: a URL with its own scheme or netloc stands alone; otherwise its
// path is resolved against the base's folder ('.' and '..' segments removed).
std::string UrlJoin(const std::string& base, const std::string& url) {
  if (base.empty()) return url;
  if (url.empty()) return base;
  ParsedUrl b = UrlParse(base), u = UrlParse(url);
  if (!u.scheme.empty() && u.scheme != b.scheme) return url;
  u.scheme = b.scheme;  // urlparse(url, scheme=base's scheme)
  if (!u.netloc.empty()) return UrlUnparse(u);
  u.netloc = b.netloc;
  if (u.path.empty() && u.params.empty()) {
    u.path = b.path;
    u.params = b.params;
    if (u.query.empty()) u.query = b.query;
    return UrlUnparse(u);
  }
  std::vector<std::string> base_parts = Split(b.path, '/');
  if (!base_parts.empty() && !base_parts.back().empty()) base_parts.pop_back();
  std::vector<std::string> segments;
  if (u.path[0] == '/') {
    segments = Split(u.path, '/');
  } else {
    segments = base_parts;
    for (const std::string& s : Split(u.path, '/')) segments.push_back(s);
    if (segments.size() > 2) {
      std::vector<std::string> middle;
      for (size_t i = 1; i + 1 < segments.size(); ++i)
        if (!segments[i].empty()) middle.push_back(segments[i]);
      middle.insert(middle.begin(), segments.front());
      middle.push_back(segments.back());
      segments = middle;
    }
  }
  std::vector<std::string> resolved;
  for (const std::string& seg : segments) {
    if (seg == "..") {
      if (!resolved.empty()) resolved.pop_back();
    } else if (seg != ".") {
      resolved.push_back(seg);
    }
  }
  if (!segments.empty() && (segments.back() == "." || segments.back() == "..")) resolved.push_back("");
  u.path = Join(resolved, "/");
  if (u.path.empty()) u.path = "/";
  return UrlUnparse(u);
}

std::string Unquote(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
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
