// URLs split, joined and unquoted as Python's urllib.parse does it (the
// scheme tables decide which schemes carry a netloc, params and relative
// references), shared by intra-site links and the feed writer.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "content/content.h"

namespace stacks::content {
namespace {

bool IsIn(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}
bool UsesRelative(std::string_view s) {
  return IsIn(s, {"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero",
                  "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"});
}
bool UsesNetloc(std::string_view s) {
  return IsIn(s, {"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
                  "snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh",
                  "ws", "wss"});
}
bool UsesParams(std::string_view s) {
  return IsIn(s, {"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips",
                  "mms", "sftp", "tel"});
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// urllib.parse.urlparse: leading control characters and spaces dropped, tabs
// and newlines removed, then scheme, //netloc, #fragment, ?query and
// ;params of the last segment split off in that order.
}  // namespace

ParsedUrl UrlParse(std::string_view input, std::string_view default_scheme) {
  std::string url(input);
  size_t lead = 0;
  while (lead < url.size() && static_cast<unsigned char>(url[lead]) <= 0x20) ++lead;
  url.erase(0, lead);
  std::erase_if(url, [](char c) { return c == '\t' || c == '\r' || c == '\n'; });
  ParsedUrl parts;
  parts.scheme = default_scheme;
  size_t colon = url.find(':');
  if (colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0])) &&
      std::all_of(url.begin(), url.begin() + colon, IsSchemeChar)) {
    parts.scheme = url.substr(0, colon);
    for (char& c : parts.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    url.erase(0, colon + 1);
  }
  if (url.compare(0, 2, "//") == 0) {
    size_t end = url.find_first_of("/?#", 2);
    if (end == std::string::npos) end = url.size();
    parts.netloc = url.substr(2, end - 2);
    url.erase(0, end);
  }
  if (size_t hash = url.find('#'); hash != std::string::npos) {
    parts.fragment = url.substr(hash + 1);
    url.erase(hash);
  }
  if (size_t q = url.find('?'); q != std::string::npos) {
    parts.query = url.substr(q + 1);
    url.erase(q);
  }
  if (UsesParams(parts.scheme) && url.find(';') != std::string::npos) {
    size_t semi = url.find('/') != std::string::npos ? url.find(';', url.rfind('/')) : url.find(';');
    if (semi != std::string::npos) {
      parts.params = url.substr(semi + 1);
      url.erase(semi);
    }
  }
  parts.path = url;
  return parts;
}

std::string UrlUnparse(const ParsedUrl& p) {
  std::string url = p.path;
  if (!p.params.empty()) url += ';' + p.params;
  if (!p.netloc.empty() || (!p.scheme.empty() && UsesNetloc(p.scheme) && url.compare(0, 2, "//") != 0)) {
    if (!url.empty() && url[0] != '/') url = '/' + url;
    url = "//" + p.netloc + url;
  }
  if (!p.scheme.empty()) url = p.scheme + ':' + url;
  if (!p.query.empty()) url += '?' + p.query;
  if (!p.fragment.empty()) url += '#' + p.fragment;
  return url;
}

namespace {

std::vector<std::string> SplitOn(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

}  // namespace

// urllib.parse.urljoin (RFC 3986 resolution): an absolute URL wins; a path
// starting with / replaces the base path; otherwise the base path minus its
// last segment is followed by the new segments, with "." and ".." resolved.
std::string UrlJoin(const std::string& base, const std::string& url) {
  if (base.empty()) return url;
  if (url.empty()) return base;
  ParsedUrl b = UrlParse(base);
  ParsedUrl u = UrlParse(url, b.scheme);
  if (u.scheme != b.scheme || !UsesRelative(u.scheme)) return url;
  if (UsesNetloc(u.scheme)) {
    if (!u.netloc.empty()) return UrlUnparse(u);
    u.netloc = b.netloc;
  }
  if (u.path.empty() && u.params.empty()) {
    u.path = b.path;
    u.params = b.params;
    if (u.query.empty()) u.query = b.query;
    return UrlUnparse(u);
  }
  std::vector<std::string> base_parts = SplitOn(b.path, '/');
  if (!base_parts.back().empty()) base_parts.pop_back();
  std::vector<std::string> segments;
  if (u.path[0] == '/') {
    segments = SplitOn(u.path, '/');
  } else {
    segments = base_parts;
    for (std::string& s : SplitOn(u.path, '/')) segments.push_back(std::move(s));
    // Empty inner segments would double slashes when joined again.
    if (segments.size() > 2)
      segments.erase(std::remove_if(segments.begin() + 1, segments.end() - 1,
                                    [](const std::string& s) { return s.empty(); }),
                     segments.end() - 1);
  }
  std::vector<std::string> resolved;
  for (const std::string& seg : segments) {
    if (seg == "..") {
      if (!resolved.empty()) resolved.pop_back();
    } else if (seg != ".") {
      resolved.push_back(seg);
    }
  }
  if (segments.back() == "." || segments.back() == "..") resolved.emplace_back();
  std::string path;
  for (size_t i = 0; i < resolved.size(); ++i) path += (i ? "/" : "") + resolved[i];
  u.path = path.empty() ? "/" : path;
  return UrlUnparse(u);
}

// unquote: each %XX with two hex digits becomes that byte.
std::string Unquote(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace stacks::content
