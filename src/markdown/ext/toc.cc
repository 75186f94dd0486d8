// The toc extension (Python-Markdown 3.4.1 `markdown.extensions.toc`): gives
// every header an id made from its text, optionally adds anchor or permalink
// links, builds the nested table of contents, puts it where the `[TOC]`
// marker paragraph stands and hands it to the caller in Result::toc and
// Result::toc_tokens.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/base.h"
#include "markdown/core.h"
#include "markdown/ext/codehilite.h"
#include "markdown/html_parser.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

// ---- slugify ------------------------------------------------------------------

struct AsciiFold {
  char32_t cp;
  const char* ascii;
};
constexpr AsciiFold kAsciiFolds[] = {
#include "markdown/ext/toc_nfkd.inc"
};

// Python `unicodedata.normalize('NFKD', s).encode('ascii', 'ignore')`: the
// ASCII characters of each code point's compatibility decomposition, looked
// up in a table generated from Python's own Unicode database. (Canonical
// reordering only moves combining marks, which are never ASCII.)
std::string FoldToAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = DecodeUtf8(s, i);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    auto it = std::lower_bound(std::begin(kAsciiFolds), std::end(kAsciiFolds), cp,
                               [](const AsciiFold& f, char32_t c) { return f.cp < c; });
    if (it != std::end(kAsciiFolds) && it->cp == cp) out += it->ascii;
  }
  return out;
}

// Python's `[...]` set for `separator`, with the characters a class needs escaped.
std::string ClassEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ']' || c == '[' || c == '^') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Python toc `slugify`: (unless `unicode`) fold to ASCII, drop what is not
// a word character, space or hyphen, strip, lower-case, and collapse runs
// of separators and spaces into one separator. Python's \s also matches
// \x1c-\x1f, which PCRE2's does not, hence the explicit range.
class Slugifier {
 public:
  Slugifier(std::string separator, bool unicode)
      : separator_(std::move(separator)),
        unicode_(unicode),
        collapse_("[" + ClassEscape(separator_) + R"(\s\x{1c}-\x{1f}]+)") {}

  std::string operator()(std::string_view value) const {
    const bool simple_separator = separator_.size() == 1 && IsAscii(separator_);
    if (!unicode_ && simple_separator) return SlugifyFolded(value);
    std::string text = unicode_ ? std::string(value) : FoldToAscii(value);
    if (simple_separator && IsAscii(text)) return SlugifyAscii(text);
    static const Regex kDrop(R"([^\w\s\x{1c}-\x{1f}-])");
    text = kDrop.Sub(text, [](const Match&) { return std::string(); });
    text = PyLower(PyStrip(text));
    return collapse_.Sub(text, [&](const Match&) { return separator_; });
  }

 private:
  static bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }
  // Python's \s on ASCII, \x1c-\x1f included.
  static bool IsSpaceAscii(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }
  static bool IsWordAscii(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  // The regex steps for ASCII text and a one-character separator, without
  // regexes: keep word characters, spaces and hyphens (lower-cased), strip
  // the spaces at both ends, then write each run of spaces and separators
  // as one separator.
  std::string SlugifyAscii(std::string_view text) const {
    std::string kept;
    kept.reserve(text.size());
    for (char c : text) {
      if (c >= 'A' && c <= 'Z') kept.push_back(static_cast<char>(c + 32));
      else if (IsWordAscii(c) || IsSpaceAscii(c) || c == '-') kept.push_back(c);
    }
    size_t begin = 0, end = kept.size();
    while (begin < end && IsSpaceAscii(kept[begin])) ++begin;
    while (end > begin && IsSpaceAscii(kept[end - 1])) --end;
    const char sep = separator_[0];
    std::string out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      char c = kept[i];
      bool collapsible = c == sep || IsSpaceAscii(c);
      if (!collapsible) out.push_back(c);
      else if (i == begin || !(kept[i - 1] == sep || IsSpaceAscii(kept[i - 1]))) out.push_back(sep);
    }
    return out;
  }

  // FoldToAscii and SlugifyAscii in one pass, with no intermediate
  // strings: each ASCII character of the folded text goes through the drop
  // and lower-casing step, then into a run of separators and spaces or the
  // output. A run between kept characters becomes one separator; a run at
  // either end is stripped of its spaces, so it leaves a separator only when
  // it holds a separator character that is not a space.
  std::string SlugifyFolded(std::string_view value) const {
    std::string out;
    out.reserve(value.size());
    const char sep = separator_[0];
    bool in_run = false, run_has_sep = false;
    auto take = [&](char c) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      else if (!IsWordAscii(c) && !IsSpaceAscii(c) && c != '-') return;
      if (c == sep || IsSpaceAscii(c)) {
        in_run = true;
        run_has_sep = run_has_sep || !IsSpaceAscii(c);
        return;
      }
      if (in_run && (run_has_sep || !out.empty())) out.push_back(sep);
      in_run = run_has_sep = false;
      out.push_back(c);
    };
    for (size_t i = 0; i < value.size();) {
      if (static_cast<unsigned char>(value[i]) < 0x80) {
        take(value[i++]);
        continue;
      }
      char32_t cp = DecodeUtf8(value, i);
      auto it = std::lower_bound(std::begin(kAsciiFolds), std::end(kAsciiFolds), cp,
                                 [](const AsciiFold& f, char32_t c) { return f.cp < c; });
      if (it != std::end(kAsciiFolds) && it->cp == cp)
        for (const char* a = it->ascii; *a; ++a) take(*a);
    }
    if (in_run && run_has_sep) out.push_back(sep);
    return out;
  }

  std::string separator_;
  bool unicode_;
  Regex collapse_;
};

// Adds one to a string of ASCII digits as Python's int() + 1 would print it
// (leading zeros dropped, no size limit).
std::string IncrementDecimal(std::string_view digits) {
  size_t first = digits.find_first_not_of('0');
  std::string n(first == std::string_view::npos ? "0" : digits.substr(first));
  for (size_t i = n.size(); i-- > 0;) {
    if (n[i] != '9') {
      ++n[i];
      return n;
    }
    n[i] = '0';
  }
  return "1" + n;
}

// Python toc `unique`: appends `_1`, or bumps an existing `_N`, until the id
// is new and not empty. Each id's chain of candidates is fixed and the set
// only grows, so the walk resumes where the last one for the same start
// ended (`resume`), keeping repeated titles linear.
class UniqueIds {
 public:
  explicit UniqueIds(std::set<std::string> used) : used_(std::move(used)) {}

  std::string Make(const std::string& start) {
    auto memo = resume_.find(start);
    std::string id = memo == resume_.end() ? start : memo->second;
    while (used_.count(id) || id.empty()) id = Next(id);
    used_.insert(id);
    resume_[start] = id;
    return id;
  }

 private:
  // `^(.*)_([0-9]+)$` bumped, or `_1` appended.
  static std::string Next(const std::string& id) {
    size_t cut = id.rfind('_');
    if (cut != std::string::npos && cut + 1 < id.size() &&
        id.find_first_not_of("0123456789", cut + 1) == std::string::npos)
      return id.substr(0, cut) + "_" + IncrementDecimal(std::string_view(id).substr(cut + 1));
    return id + "_1";
  }

  std::set<std::string> used_;
  std::map<std::string, std::string> resume_;
};

// Python `itertext` over `el` where AtomicString pieces are html-unescaped.
void AppendNameText(const Element& el, std::string& out) {
  if (el.kind != Element::Kind::kElement) return;
  if (el.text) out += el.text_atomic ? HtmlUnescape(*el.text) : *el.text;
  for (const auto& child : el.children) {
    AppendNameText(*child, out);
    if (child->tail) out += child->tail_atomic ? HtmlUnescape(*child->tail) : *child->tail;
  }
}

// Python toc `get_name`.
std::string HeaderName(const Element& el) {
  std::string text;
  AppendNameText(el, text);
  return std::string(PyStrip(text));
}

// Python toc `stashedHTML2text`: each raw-HTML placeholder replaced by its
// HTML with the tags (and, if asked, the entities) removed.
std::string StashedHtmlToText(std::string_view text, const Markdown& md, bool strip_entities) {
  static const Regex kPlaceholder("\x02wzxhzdk:([0-9]+)\x03");
  static const Regex kTag(R"((<[^>]+>))");
  static const Regex kEntity(R"((&[\#a-zA-Z0-9]+;))");
  if (text.find('\x02') == std::string_view::npos) return std::string(text);  // no placeholder
  return kPlaceholder.Sub(text, [&](const Match& m) -> std::string {
    size_t index = std::stoul(std::string(m.Group(1)));
    if (index >= md.html_stash.html_counter()) return std::string(m.Group(0));
    const HtmlStash::Item& item = md.html_stash.at(index);
    std::string raw = item.element ? md.Serialize(*item.element) : item.html;
    std::string res = kTag.Sub(raw, [](const Match&) { return std::string(); });
    if (strip_entities) res = kEntity.Sub(res, [](const Match&) { return std::string(); });
    return res;
  });
}

// ---- the table of contents ------------------------------------------------------

struct TocToken {
  int level;
  std::string id;
  std::string name;
  std::vector<size_t> children;
};

// Python `nest_toc_tokens`: turns the flat list of headers into a tree. A
// deeper header becomes a child of the one before it; a shallower one pops
// back to the nearest open parent of a lower level. Tokens live in `tokens`
// and refer to their children by index. Returns the top-level indices.
std::vector<size_t> NestTocTokens(std::vector<TocToken>& tokens) {
  std::vector<size_t> ordered;
  if (tokens.empty()) return ordered;
  size_t last = 0;
  std::vector<int> levels = {tokens[0].level};
  std::vector<size_t> parents;
  ordered.push_back(0);
  for (size_t t = 1; t < tokens.size(); ++t) {
    int current = tokens[t].level;
    if (current < levels.back()) {
      levels.pop_back();
      size_t to_pop = 0;
      for (auto p = parents.rbegin(); p != parents.rend() && current <= tokens[*p].level; ++p) ++to_pop;
      if (to_pop) {
        levels.resize(levels.size() > to_pop ? levels.size() - to_pop : 0);
        parents.resize(parents.size() - to_pop);
      }
      levels.push_back(current);
    }
    if (current == levels.back()) {
      (parents.empty() ? ordered : tokens[parents.back()].children).push_back(t);
    } else {
      tokens[last].children.push_back(t);
      parents.push_back(last);
      levels.push_back(current);
    }
    last = t;
  }
  return ordered;
}

nlohmann::json TokensJson(const std::vector<TocToken>& tokens, const std::vector<size_t>& list) {
  nlohmann::json out = nlohmann::json::array();
  auto& items = out.get_ref<nlohmann::json::array_t&>();
  items.reserve(list.size());
  // Each object is built member by member in its (sorted) key order, so
  // every insertion lands at the end with no search, and moved in: an
  // initializer list would copy every nested value.
  for (size_t i : list) {
    nlohmann::json::object_t item;
    item.emplace_hint(item.end(), "children", TokensJson(tokens, tokens[i].children));
    item.emplace_hint(item.end(), "id", tokens[i].id);
    item.emplace_hint(item.end(), "level", tokens[i].level);
    item.emplace_hint(item.end(), "name", tokens[i].name);
    items.emplace_back(std::move(item));
  }
  return out;
}

void BuildTocList(const std::vector<TocToken>& tokens, const std::vector<size_t>& list, Element* parent) {
  Element* ul = parent->SubElement("ul");
  for (size_t i : list) {
    Element* li = ul->SubElement("li");
    Element* link = li->SubElement("a");
    link->text = tokens[i].name;
    link->Set("href", "#" + tokens[i].id);
    if (!tokens[i].children.empty()) BuildTocList(tokens, tokens[i].children, li);
  }
}

struct TocSettings {
  std::string marker = "[TOC]";
  std::string title;
  std::string toc_class = "toc";
  bool anchorlink = false;
  std::string anchorlink_class = "toclink";
  /// Python's use_permalinks: false, true, or a link text.
  bool permalink = false;
  bool permalink_is_text = false;
  std::string permalink_text;
  std::string permalink_class = "headerlink";
  std::string permalink_title = "Permanent link";
  int base_level = 0;
  bool slugify_unicode = false;
  std::string separator = "-";
  int toc_top = 1;
  int toc_bottom = 6;
};

bool IsHeaderTag(const Element& el) {
  return el.kind == Element::Kind::kElement && el.tag.size() >= 2 && (el.tag[0] == 'h' || el.tag[0] == 'H') &&
         el.tag[1] >= '1' && el.tag[1] <= '6';
}

class TocTreeprocessor : public Treeprocessor {
 public:
  TocTreeprocessor(Markdown* md, TocSettings settings)
      : Treeprocessor(md), s_(std::move(settings)), slugify_(s_.separator, s_.slugify_unicode) {}

  // Python `TocTreeprocessor.run`: ids and links on every header first, then
  // the nested list, the marker replacement and the results.
  ElementPtr Run(Element* doc) override {
    // One walk notes whether some childless element's text holds the
    // marker (ReplaceMarker only replaces such an element), the ids already
    // used, and the headers in document order.
    bool marker_present = false;
    std::set<std::string> existing;
    std::vector<Element*> headers;
    doc->Walk([&](Element* el) {
      if (!marker_present && el->children.empty() && el->text && !s_.marker.empty() &&
          el->text->size() >= s_.marker.size() && el->text->find(s_.marker) != std::string::npos)
        marker_present = true;
      if (!el->attrib.empty())
        if (const std::string* id = el->Get("id")) existing.insert(*id);
      if (IsHeaderTag(*el)) headers.push_back(el);
    });
    UniqueIds used_ids(std::move(existing));

    std::vector<TocToken> tokens;
    for (Element* el : headers) ProcessHeader(el, used_ids, tokens);

    std::vector<size_t> top = NestTocTokens(tokens);
    // The toc itself is only needed for the marker and the caller's result.
    const bool outputs = md_->result && md_->options().toc_outputs;
    if (!marker_present && !outputs) return nullptr;
    ElementPtr div = BuildTocDiv(tokens, top);
    if (marker_present) ReplaceMarker(doc, *div);
    if (outputs) {
      std::string toc = md_->Serialize(*div);
      for (Postprocessor* pp : md_->postprocessors.Items()) toc = pp->Run(std::move(toc));
      md_->result->toc = std::move(toc);
      md_->result->toc_tokens = TokensJson(tokens, top);
    }
    return nullptr;
  }

 private:
  void ProcessHeader(Element* el, UniqueIds& used_ids, std::vector<TocToken>& tokens) {
    int level = std::min(el->tag.back() - '0' + s_.base_level, 6);
    el->tag = "h" + std::to_string(level);
    std::string text = HeaderName(*el);
    if (!el->Has("id")) {
      std::string inner = UnescapeStx(StashedHtmlToText(text, *md_, true));
      el->Set("id", used_ids.Make(slugify_(inner)));
    }
    std::string id = *el->Get("id");
    if (level >= s_.toc_top && level <= s_.toc_bottom) {
      const std::string* label = el->Get("data-toc-label");
      tokens.push_back({level, id, StashedHtmlToText(CodeEscape(label ? *label : text), *md_, false), {}});
    }
    el->RemoveAttribute("data-toc-label");
    if (s_.anchorlink) AddAnchor(el, id);
    if (s_.permalink) AddPermalink(el, id);
  }

  void AddAnchor(Element* header, const std::string& id) {
    ElementPtr anchor = MakeElement("a");
    anchor->text = header->text;
    anchor->text_atomic = header->text_atomic;
    anchor->Set("href", "#" + id);
    anchor->Set("class", s_.anchorlink_class);
    header->text = "";
    header->text_atomic = false;
    anchor->children = std::move(header->children);
    header->children.clear();
    header->Append(std::move(anchor));
  }

  void AddPermalink(Element* header, const std::string& id) {
    Element* link = header->SubElement("a");
    link->text = s_.permalink_is_text ? s_.permalink_text : std::string(kAmpSubstitute) + "para;";
    link->Set("href", "#" + id);
    link->Set("class", s_.permalink_class);
    if (!s_.permalink_title.empty()) link->Set("title", s_.permalink_title);
  }

  ElementPtr BuildTocDiv(const std::vector<TocToken>& tokens, const std::vector<size_t>& top) {
    ElementPtr div = MakeElement("div");
    div->Set("class", s_.toc_class);
    if (!s_.title.empty()) {
      Element* header = div->SubElement("span");
      header->Set("class", "toctitle");
      header->text = s_.title;
    }
    BuildTocList(tokens, top, div.get());
    if (Treeprocessor* prettify = md_->treeprocessors.Get("prettify")) prettify->Run(div.get());
    return div;
  }

  // Python `replace_marker`: a paragraph (at any depth outside headers, pre
  // and code) whose only content is the marker is replaced by the toc.
  void ReplaceMarker(Element* node, const Element& div) {
    for (size_t i = 0; i < node->size(); ++i) {
      Element* child = (*node)[i];
      if (IsHeaderTag(*child) || child->tag == "pre" || child->tag == "code") continue;
      // Python also asks for non-blank itertext; for a childless element
      // that is its text, which equals the (non-empty) marker here.
      if (child->kind == Element::Kind::kElement && child->text && child->empty() &&
          PyStrip(*child->text) == s_.marker) {
        node->children[i] = div.Clone();
        continue;
      }
      ReplaceMarker(child, div);
    }
  }

  TocSettings s_;
  Slugifier slugify_;
};

class TocExtension : public Extension {
 public:
  explicit TocExtension(TocSettings settings) : settings_(std::move(settings)) {}
  void ExtendMarkdown(Markdown& md) override {
    md.RegisterExtension(this);
    md.treeprocessors.Register(std::make_unique<TocTreeprocessor>(&md, settings_), "toc", 5);
  }

 private:
  TocSettings settings_;
};

// ---- configuration ----------------------------------------------------------------

std::string ConfigString(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  return v.dump();
}

// Python int() of a setting given as a number or a string.
bool ConfigInt(const nlohmann::json& v, int* out) {
  if (v.is_number()) {
    *out = v.get<int>();
    return true;
  }
  if (v.is_boolean()) {
    *out = v.get<bool>() ? 1 : 0;
    return true;
  }
  if (!v.is_string()) return false;
  static const Regex kInt(R"(\s*[+-]?[0-9]+\s*)");
  std::string s = v.get<std::string>();
  if (!kInt.FullMatch(s)) return false;
  *out = std::stoi(s);
  return true;
}

bool ApplySetting(TocSettings& s, const std::string& key, const nlohmann::json& v) {
  bool ok = true;
  if (key == "marker") s.marker = ConfigString(v);
  else if (key == "title") s.title = v.is_null() ? "" : ConfigString(v);
  else if (key == "toc_class") s.toc_class = ConfigString(v);
  else if (key == "anchorlink") s.anchorlink = JsonTruthy(JsonBoolValue(v, false, &ok));
  else if (key == "anchorlink_class") s.anchorlink_class = ConfigString(v);
  else if (key == "permalink") {
    // parseBoolValue(value, False): a string that is not a boolean is the link text.
    nlohmann::json b = JsonBoolValue(v, false, &ok);
    s.permalink_is_text = !ok;
    s.permalink = !ok || JsonTruthy(b);
    s.permalink_text = v.is_string() ? v.get<std::string>() : "";
    ok = true;
  } else if (key == "permalink_class") s.permalink_class = ConfigString(v);
  else if (key == "permalink_title") s.permalink_title = v.is_null() ? "" : ConfigString(v);
  else if (key == "baselevel") {
    int n = 1;
    ok = ConfigInt(v, &n);
    s.base_level = n - 1;
  } else if (key == "slugify") {
    std::string name = ConfigString(v);
    s.slugify_unicode = name.size() >= 15 && name.substr(name.size() - 15) == "slugify_unicode";
  } else if (key == "separator") s.separator = ConfigString(v);
  else if (key == "toc_depth") {
    if (v.is_string() && v.get<std::string>().find('-') != std::string::npos) {
      std::vector<std::string> parts = SplitOn(v.get<std::string>(), "-");
      ok = parts.size() == 2 && ConfigInt(parts[0], &s.toc_top) && ConfigInt(parts[1], &s.toc_bottom);
    } else {
      s.toc_top = 1;
      ok = ConfigInt(v, &s.toc_bottom);
    }
  } else {
    return false;  // Python raises KeyError for an unknown setting
  }
  return ok;
}

}  // namespace

std::unique_ptr<Extension> MakeTocExtension(const nlohmann::json& config) {
  TocSettings settings;
  if (config.is_object())
    for (auto it = config.begin(); it != config.end(); ++it)
      if (!ApplySetting(settings, it.key(), *it)) return nullptr;
  return std::make_unique<TocExtension>(std::move(settings));
}

}  // namespace stacks::markdown
