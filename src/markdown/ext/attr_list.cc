// The attr_list extension (Python-Markdown 3.4.1): `{: #id .class key=value }`
// at the end of a block, header, list item, definition term or table cell,
// or right after an inline element, sets that element's attributes.
#include "markdown/ext/attr_list.h"

#include <algorithm>
#include <optional>

#include "markdown/core.h"
#include "markdown/regex.h"

namespace stacks::markdown {

// Python's `re.Scanner` over the attr_list lexicon: at each position the
// first matching rule wins; `key="v"`, `key='v'`, `key=v`, a bare word
// (`.cls`, `#id`, `word`) or a space (skipped). Stops where nothing matches.
std::vector<std::pair<std::string, std::string>> ParseAttrList(std::string_view text) {
  static const Regex kScanner(R"(([^ =]+=".*?")|([^ =]+='.*?')|([^ =]+=[^ =]+)|([^ =]+)|( ))");
  std::vector<std::pair<std::string, std::string>> attrs;
  size_t pos = 0;
  while (auto m = kScanner.MatchAt(text, pos)) {
    if (m->End() == pos) break;
    std::string token(m->Group(0));
    pos = m->End();
    if (m->Has(5)) continue;
    if (m->Has(4)) {
      if (token[0] == '.') attrs.emplace_back(".", token.substr(1));
      else if (token[0] == '#') attrs.emplace_back("id", token.substr(1));
      else attrs.emplace_back(token, token);
      continue;
    }
    size_t eq = token.find('=');
    std::string key = token.substr(0, eq);
    std::string value = token.substr(eq + 1);
    if (m->Has(1)) value = std::string(PyStripChars(value, "\""));
    else if (m->Has(2)) value = std::string(PyStripChars(value, "'"));
    attrs.emplace_back(std::move(key), std::move(value));
  }
  return attrs;
}

namespace {

// h1 ... h6 (lower case only, as Python's list).
bool IsHeader(const Element& el) {
  return el.kind == Element::Kind::kElement && el.tag.size() == 2 && el.tag[0] == 'h' && el.tag[1] >= '1' &&
         el.tag[1] <= '6';
}

#define ATTR_LIST_BASE R"(\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\})"

class AttrListTreeprocessor : public Treeprocessor {
 public:
  using Treeprocessor::Treeprocessor;

  // Python `AttrListTreeprocessor.run`. Block-level elements take a list at
  // the end of their last text (a list item's text before a nested list);
  // headers, dt, td and th need a space before it and drop trailing `#`s
  // (headers only); inline elements take a list at the start of their tail.
  ElementPtr Run(Element* doc) override {
    doc->Walk([this](Element* elem) {
      if (md_->IsBlockLevel(*elem)) RunBlock(elem);
      else if (elem->tail) RunInline(elem);
    });
    return nullptr;
  }

 private:
  static const Regex& HeaderRe() {
    static const Regex re(R"([ ]+)" ATTR_LIST_BASE R"([ ]*$)");
    return re;
  }
  static const Regex& BlockRe() {
    static const Regex re(R"(\n[ ]*)" ATTR_LIST_BASE R"([ ]*$)");
    return re;
  }

  // Searches `text` for the list; on success assigns it and cuts it off.
  bool TakeFrom(Element* elem, std::optional<std::string>& text, const Regex& re, bool strip_hashes) {
    if (!text || text->empty()) return false;
    if (text->find('}') == std::string::npos) return false;  // every list ends with '}'
    auto m = re.Search(*text);
    if (!m) return false;
    AssignAttrs(elem, m->Group(1));
    std::string rest = text->substr(0, m->Start());
    if (strip_hashes) rest = std::string(PyRStrip(PyRStripChars(rest, "#")));
    text = std::move(rest);
    return true;
  }

  void RunBlock(Element* elem) {
    const bool header = IsHeader(*elem);
    const Regex& re =
        header || elem->tag == "dt" || elem->tag == "td" || elem->tag == "th" ? HeaderRe() : BlockRe();
    if (!elem->empty() && elem->tag == "li") {
      size_t pos = elem->size();
      for (size_t i = 0; i < elem->size(); ++i) {
        const Element& child = *(*elem)[i];
        if (child.kind == Element::Kind::kElement && (child.tag == "ul" || child.tag == "ol")) {
          pos = i;
          break;
        }
      }
      if (pos == elem->size() && elem->Last()->tail && !elem->Last()->tail->empty()) {
        TakeFrom(elem, elem->Last()->tail, re, false);
      } else if (pos != elem->size() && pos > 0 && (*elem)[pos - 1]->tail &&
                 !(*elem)[pos - 1]->tail->empty()) {
        TakeFrom(elem, (*elem)[pos - 1]->tail, re, false);
      } else {
        TakeFrom(elem, elem->text, re, false);
      }
    } else if (!elem->empty() && elem->Last()->tail && !elem->Last()->tail->empty()) {
      TakeFrom(elem, elem->Last()->tail, re, header);
    } else {
      TakeFrom(elem, elem->text, re, header);
    }
  }

  void RunInline(Element* elem) {
    static const Regex kInline("^" ATTR_LIST_BASE);
    if (elem->tail->empty() || (*elem->tail)[0] != '{') return;  // the list starts the tail
    auto m = kInline.MatchAt(*elem->tail);
    if (!m) return;
    AssignAttrs(elem, m->Group(1));
    elem->tail = elem->tail->substr(m->End());
  }

  void AssignAttrs(Element* elem, std::string_view attrs) {
    for (auto& [key, value] : ParseAttrList(attrs)) {
      if (key == ".") {
        const std::string* cls = elem->Get("class");
        if (cls && !cls->empty()) elem->Set("class", *cls + " " + value);
        else elem->Set("class", value);
      } else {
        elem->Set(SanitizeName(key), value);
      }
    }
  }

  // An XML name without ':' (NCName): each run of other characters becomes '_'.
  static std::string SanitizeName(std::string_view name) {
    static const Regex kNotName(
        R"([^A-Z_a-z\x{c0}-\x{d6}\x{d8}-\x{f6}\x{f8}-\x{2ff}\x{370}-\x{37d}\x{37f}-\x{1fff})"
        R"(\x{200c}-\x{200d}\x{2070}-\x{218f}\x{2c00}-\x{2fef}\x{3001}-\x{d7ff}\x{f900}-\x{fdcf})"
        R"(\x{fdf0}-\x{fffd}\:\-\.0-9\x{b7}\x{300}-\x{36f}\x{203f}-\x{2040}]+)");
    return kNotName.Sub(name, [](const Match&) { return std::string("_"); });
  }
};

#undef ATTR_LIST_BASE

class AttrListExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.treeprocessors.Register(std::make_unique<AttrListTreeprocessor>(&md), "attr_list", 8);
    md.RegisterExtension(this);
  }
};

}  // namespace

std::unique_ptr<Extension> MakeAttrListExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // attr_list has no settings
  return std::make_unique<AttrListExtension>();
}

}  // namespace stacks::markdown
