// The footnotes extension (Python-Markdown 3.4.1): `[^id]: text` definitions
// are collected by a block processor, `[^id]` references become superscript
// links, and a `<div class="footnote">` listing the notes (with links back
// to every reference) is put at the end or where PLACE_MARKER stands.
#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/base.h"
#include "markdown/blockparser.h"
#include "markdown/core.h"
#include "markdown/ext/codehilite.h"
#include "markdown/inlinepatterns.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

const std::string kBacklinkText = "\x02zz1337820767766393qq\x03";
const std::string kNbspPlaceholder = "\x02qq3936677670287331zz\x03";

// Python `str.format` with one positional argument: "{}" and "{0}" take
// the value, "{{" and "}}" are literal braces.
std::string FormatOne(std::string_view format, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    std::string_view rest = format.substr(i);
    if (rest.substr(0, 2) == "{{" || rest.substr(0, 2) == "}}") {
      out.push_back(format[i++]);
    } else if (rest.substr(0, 2) == "{}") {
      out += value;
      ++i;
    } else if (rest.substr(0, 3) == "{0}") {
      out += value;
      i += 2;
    } else {
      out.push_back(format[i]);
    }
  }
  return out;
}

struct FootnoteSettings {
  std::string place_marker = "///Footnotes Go Here///";
  bool unique_ids = false;
  std::string backlink_text = "&#8617;";
  std::string superscript_text = "{}";
  std::string backlink_title = "Jump back to footnote %d in the text";
  std::string separator = ":";
};

class FootnoteExtension : public Extension {
 public:
  explicit FootnoteExtension(FootnoteSettings settings) : s(std::move(settings)) {}
  void ExtendMarkdown(Markdown& md) override;

  // Python `reset`: forget the notes; a new prefix for UNIQUE_IDS. (Python
  // resets once in the constructor and once in Markdown's; here the
  // Markdown constructor and Converter::Convert each reset, so the first
  // document gets prefix 2 either way.)
  void Reset() override {
    order_.clear();
    notes_.clear();
    ++unique_prefix_;
    found_refs_.clear();
    used_refs_.clear();
    resume_.clear();
  }

  // Python's OrderedDict: a redefined note keeps its first place.
  void SetFootnote(const std::string& id, std::string text) {
    auto [it, added] = notes_.try_emplace(id, Note{order_.size(), std::string()});
    if (added) order_.push_back(id);
    it->second.text = std::move(text);
  }
  bool HasFootnote(const std::string& id) const { return notes_.count(id) != 0; }
  /// Position of a defined note, from 0.
  size_t IndexOf(const std::string& id) const { return notes_.at(id).index; }

  std::string MakeFootnoteId(const std::string& id) const {
    if (s.unique_ids) return "fn" + s.separator + std::to_string(unique_prefix_) + "-" + id;
    return "fn" + s.separator + id;
  }
  std::string MakeFootnoteRefId(const std::string& id, bool found) {
    if (s.unique_ids) return UniqueRef("fnref" + s.separator + std::to_string(unique_prefix_) + "-" + id, found);
    return UniqueRef("fnref" + s.separator + id, found);
  }
  int FoundRefs(const std::string& ref) const {
    auto it = found_refs_.find(ref);
    return it == found_refs_.end() ? 0 : it->second;
  }
  /// Whether some reference was found more than once (else there are no
  /// duplicate back links to add).
  bool AnyRefRepeated() const {
    return std::any_of(found_refs_.begin(), found_refs_.end(), [](const auto& kv) { return kv.second > 1; });
  }

  ElementPtr MakeFootnotesDiv();
  /// Python `findFootnotesPlaceholder`: the first element whose text or tail
  /// holds PLACE_MARKER, its parent, and whether it was the text.
  bool FindPlaceholder(Element* element, Element** child, Element** parent, bool* is_text) const;

  FootnoteSettings s;
  BlockParser* parser = nullptr;

 private:
  // Python `unique_ref`: a reference seen again gets fnref2, fnref3, ...
  // The candidates after a reference are fixed and used ones stay used, so
  // the walk resumes where the last one for the same reference ended.
  std::string UniqueRef(const std::string& original, bool found) {
    if (!found) return original;
    auto memo = resume_.find(original);
    std::string reference = memo == resume_.end() ? original : memo->second;
    while (used_refs_.count(reference)) {
      size_t cut = reference.find(s.separator);
      if (cut == std::string::npos || s.separator.empty()) break;  // Python fails to unpack here
      reference = NextRef(reference.substr(0, cut)) + s.separator + reference.substr(cut + s.separator.size());
    }
    used_refs_.insert(reference);
    resume_[original] = reference;
    ++found_refs_[original];
    return reference;
  }

  // `fnrefN` -> `fnref(N+1)`; anything else gets a 2 appended.
  static std::string NextRef(const std::string& ref) {
    static const Regex kRefId(R"((fnref)([0-9]+))");
    auto m = kRefId.MatchAt(ref);
    if (!m) return ref + "2";
    std::string digits(m->Group(2));
    size_t first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i == 0) digits.insert(digits.begin(), '1');
    else ++digits[i - 1];
    return "fnref" + digits;
  }

  struct Note {
    size_t index;
    std::string text;
  };
  std::vector<std::string> order_;
  std::map<std::string, Note> notes_;
  int unique_prefix_ = 0;
  std::map<std::string, int> found_refs_;
  std::set<std::string> used_refs_;
  std::map<std::string, std::string> resume_;
};

// Python `makeFootnotesDiv`: each note's text is parsed as Markdown into an
// <li>; a back link goes at the end of its last paragraph (or in a new one).
ElementPtr FootnoteExtension::MakeFootnotesDiv() {
  if (order_.empty()) return nullptr;
  ElementPtr div = MakeElement("div");
  div->Set("class", "footnote");
  div->SubElement("hr");
  Element* ol = div->SubElement("ol");
  Element surrogate("div");
  std::string title_format = ReplaceAll(s.backlink_title, "%d", "{}");
  std::vector<std::string> ids = order_;
  for (size_t index = 0; index < ids.size(); ++index) {
    const std::string& id = ids[index];
    Element* li = ol->SubElement("li");
    li->Set("id", MakeFootnoteId(id));
    parser->ParseChunk(&surrogate, notes_[id].text);
    for (auto& el : surrogate.children) li->Append(std::move(el));
    surrogate.children.clear();
    ElementPtr backlink = MakeElement("a");
    backlink->Set("href", "#" + MakeFootnoteRefId(id, false));
    backlink->Set("class", "footnote-backref");
    backlink->Set("title", FormatOne(title_format, std::to_string(index + 1)));
    backlink->text = kBacklinkText;
    if (li->empty()) continue;
    Element* node = li->Last();
    if (node->kind == Element::Kind::kElement && node->tag == "p") {
      node->text = node->TextOrEmpty() + kNbspPlaceholder;
      node->Append(std::move(backlink));
    } else {
      li->SubElement("p")->Append(std::move(backlink));
    }
  }
  return div;
}

bool FootnoteExtension::FindPlaceholder(Element* element, Element** child, Element** parent,
                                        bool* is_text) const {
  for (auto& c : element->children) {
    if (c->text && c->text->find(s.place_marker) != std::string::npos) {
      *child = c.get(), *parent = element, *is_text = true;
      return true;
    }
    if (c->tail && c->tail->find(s.place_marker) != std::string::npos) {
      *child = c.get(), *parent = element, *is_text = false;
      return true;
    }
    if (FindPlaceholder(c.get(), child, parent, is_text)) return true;
  }
  return false;
}

// Python `FootnoteBlockProcessor`: takes a definition out of the block (the
// text before it goes back as its own block); the note is its first line,
// the lines up to the next definition, and the following indented blocks.
class FootnoteBlockProcessor : public BlockProcessor {
 public:
  FootnoteBlockProcessor(FootnoteExtension* footnotes)
      : BlockProcessor(footnotes->parser), footnotes_(footnotes) {}

  bool Test(Element*, const std::string&) override { return true; }
  bool DeclinesLineSuffixes() const override { return true; }

  bool Run(Element*, std::deque<std::string>& blocks) override {
    static const Regex kDef(R"(^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$)", Regex::kMultiline);
    // Every definition holds "[^"; most blocks are declined unsearched and uncopied.
    if (blocks.front().find("[^") == std::string::npos || !kDef.Search(blocks.front())) return false;
    std::string block = blocks.front();
    auto m = kDef.Search(block);
    blocks.pop_front();
    std::string id(m->Group(1));
    std::vector<std::string> fn_blocks = {std::string(m->Group(2))};
    std::string therest(PyLStripChars(std::string_view(block).substr(m->End()), "\n"));
    if (auto m2 = kDef.Search(therest)) {
      std::string before(PyRStripChars(std::string_view(therest).substr(0, m2->Start()), "\n"));
      fn_blocks[0] = std::string(PyLStripChars(fn_blocks[0] + "\n" + Detab(before), "\n"));
      blocks.push_front(therest.substr(m2->Start()));
    } else {
      fn_blocks[0] = std::string(PyStripChars(fn_blocks[0] + "\n" + Detab(therest), "\n"));
      for (std::string& b : DetectTabbed(blocks)) fn_blocks.push_back(std::move(b));
    }
    footnotes_->SetFootnote(id, std::string(PyRStrip(JoinWith(fn_blocks, "\n\n"))));
    std::string_view head = std::string_view(block).substr(0, m->Start());
    if (!PyStrip(head).empty()) blocks.push_front(std::string(PyRStripChars(head, "\n")));
    return true;
  }

 private:
  std::vector<std::string> DetectTabbed(std::deque<std::string>& blocks) {
    static const Regex kDef(R"(^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$)", Regex::kMultiline);
    std::vector<std::string> fn_blocks;
    while (!blocks.empty() && blocks.front().compare(0, 4, "    ") == 0) {
      std::string block = blocks.front();
      blocks.pop_front();
      if (auto m = kDef.Search(block)) {
        fn_blocks.push_back(Detab(std::string(PyRStripChars(std::string_view(block).substr(0, m->Start()), "\n"))));
        blocks.push_front(block.substr(m->Start()));
        break;
      }
      fn_blocks.push_back(Detab(block));
    }
    return fn_blocks;
  }

  // Removes four spaces from the lines that have them.
  static std::string Detab(const std::string& block) {
    std::vector<std::string> lines = SplitOn(block, "\n");
    for (std::string& line : lines)
      if (line.compare(0, 4, "    ") == 0) line.erase(0, 4);
    return JoinWith(lines, "\n");
  }

  FootnoteExtension* footnotes_;
};

class FootnoteInlineProcessor : public InlinePattern {
 public:
  FootnoteInlineProcessor(Markdown* md, FootnoteExtension* footnotes)
      : InlinePattern(R"(\[\^([^\]]*)\])", md), footnotes_(footnotes) {}

  InlineResult HandleMatch(const Match& m, std::string_view) override {
    std::string id(m.Group(1));
    if (!footnotes_->HasFootnote(id)) return InlineResult::NoMatch();
    ElementPtr sup = MakeElement("sup");
    Element* a = sup->SubElement("a");
    sup->Set("id", footnotes_->MakeFootnoteRefId(id, true));
    a->Set("href", "#" + footnotes_->MakeFootnoteId(id));
    a->Set("class", "footnote-ref");
    a->text = FormatOne(footnotes_->s.superscript_text, std::to_string(footnotes_->IndexOf(id) + 1));
    return InlineResult::Node(std::move(sup), m.Start(0), m.End(0));
  }

 private:
  FootnoteExtension* footnotes_;
};

// Python `FootnoteTreeprocessor`: puts the footnotes div in place.
class FootnoteTreeprocessor : public Treeprocessor {
 public:
  FootnoteTreeprocessor(Markdown* md, FootnoteExtension* footnotes) : Treeprocessor(md), footnotes_(footnotes) {}

  ElementPtr Run(Element* root) override {
    ElementPtr div = footnotes_->MakeFootnotesDiv();
    if (!div) return nullptr;
    Element *child = nullptr, *parent = nullptr;
    bool is_text = false;
    if (!footnotes_->FindPlaceholder(root, &child, &parent, &is_text)) {
      root->Append(std::move(div));
      return nullptr;
    }
    size_t index = parent->IndexOf(child);
    if (is_text) {
      parent->Remove(child);
      parent->Insert(index, std::move(div));
    } else {
      parent->Insert(index + 1, std::move(div));
      child->tail.reset();
    }
    return nullptr;
  }

 private:
  FootnoteExtension* footnotes_;
};

// Python `FootnotePostTreeprocessor`: a note referenced N times gets back
// links to fnref2 ... fnrefN after the first one.
class FootnotePostTreeprocessor : public Treeprocessor {
 public:
  FootnotePostTreeprocessor(Markdown* md, FootnoteExtension* footnotes)
      : Treeprocessor(md), footnotes_(footnotes) {}

  ElementPtr Run(Element* root) override {
    if (!footnotes_->AnyRefRepeated()) return nullptr;  // only counts above one add links
    for (Element* div : root->IterTag("div")) {
      if (div->GetOr("class") != "footnote") continue;
      std::vector<Element*> lists = div->IterTag("ol");
      if (!lists.empty()) HandleDuplicates(lists.front());
    }
    return nullptr;
  }

 private:
  void HandleDuplicates(Element* ol) {
    const std::string& sep = footnotes_->s.separator;
    for (auto& li : ol->children) {
      std::string id = li->GetOr("id");
      size_t cut = id.find(sep);
      if (cut == std::string::npos) continue;
      int count = footnotes_->FoundRefs(id.substr(0, cut) + "ref" + sep + id.substr(cut + sep.size()));
      if (count > 1) AddDuplicates(li.get(), count);
    }
  }

  void AddDuplicates(Element* li, int duplicates) {
    const std::string& sep = footnotes_->s.separator;
    for (Element* link : li->IterTag("a")) {
      if (link->GetOr("class") != "footnote-backref") continue;
      std::string href = link->GetOr("href");
      size_t cut = href.find(sep);
      if (cut == std::string::npos) return;
      std::string ref = href.substr(0, cut), rest = href.substr(cut + sep.size());
      std::vector<ElementPtr> links;
      for (int index = 2; index <= duplicates; ++index) {
        ElementPtr sibling = link->Clone();
        sibling->Set("href", ref + std::to_string(index) + sep + rest);
        links.push_back(std::move(sibling));
      }
      Element* last = li->Last();
      for (auto& l : links) last->Append(std::move(l));
      return;
    }
  }

  FootnoteExtension* footnotes_;
};

class FootnotePostprocessor : public Postprocessor {
 public:
  FootnotePostprocessor(Markdown* md, FootnoteExtension* footnotes) : Postprocessor(md), footnotes_(footnotes) {}
  // Python replaces the backlink marker, then the nbsp marker. Both start
  // with STX, so one scan over the STX characters does both, unless the
  // backlink text could become part of a new nbsp marker: it holds STX or
  // ETX, or fits inside the marker (empty included); then two scans run.
  std::string Run(std::string text) override {
    const std::string& backlink = footnotes_->s.backlink_text;
    if (backlink.find_first_of("\x02\x03") != std::string::npos ||
        kNbspPlaceholder.find(backlink) != std::string::npos) {
      ReplaceEvery(text, {{kBacklinkText, backlink}});
      ReplaceEvery(text, {{kNbspPlaceholder, "&#160;"}});
    } else {
      ReplaceEvery(text, {{kBacklinkText, backlink}, {kNbspPlaceholder, "&#160;"}});
    }
    return text;
  }

 private:
  struct Replacement {
    std::string_view from;  ///< starts with STX
    std::string_view to;
  };

  // Replaces every occurrence of each `from` (all starting with STX, none a
  // prefix of another) in one left-to-right scan from STX to STX; the
  // output buffer is made only once a marker is found.
  static void ReplaceEvery(std::string& text, std::initializer_list<Replacement> replacements) {
    std::string out;
    bool changed = false;
    size_t start = 0;
    for (size_t pos = text.find('\x02'); pos != std::string::npos; pos = text.find('\x02', pos)) {
      const Replacement* hit = nullptr;
      for (const Replacement& r : replacements)
        if (std::string_view(text).substr(pos, r.from.size()) == r.from) hit = &r;
      if (!hit) {
        ++pos;
        continue;
      }
      if (!changed) out.reserve(text.size());
      changed = true;
      out.append(text, start, pos - start);
      out.append(hit->to);
      pos += hit->from.size();
      start = pos;
    }
    if (!changed) return;
    out.append(text, start, std::string::npos);
    text = std::move(out);
  }

  FootnoteExtension* footnotes_;
};

void FootnoteExtension::ExtendMarkdown(Markdown& md) {
  md.RegisterExtension(this);
  parser = md.parser.get();
  md.parser->blockprocessors.Register(std::make_unique<FootnoteBlockProcessor>(this), "footnote", 17);
  md.inline_patterns.Register(std::make_unique<FootnoteInlineProcessor>(&md, this), "footnote", 175);
  md.treeprocessors.Register(std::make_unique<FootnoteTreeprocessor>(&md, this), "footnote", 50);
  md.treeprocessors.Register(std::make_unique<FootnotePostTreeprocessor>(&md, this), "footnote-duplicate", 15);
  md.postprocessors.Register(std::make_unique<FootnotePostprocessor>(&md, this), "footnote", 25);
}

std::string SettingText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  return v.dump();
}

}  // namespace

std::unique_ptr<Extension> MakeFootnotesExtension(const nlohmann::json& config) {
  FootnoteSettings s;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      const std::string& key = it.key();
      bool ok = true;
      if (key == "PLACE_MARKER") s.place_marker = SettingText(*it);
      else if (key == "UNIQUE_IDS") s.unique_ids = JsonTruthy(JsonBoolValue(*it, false, &ok));
      else if (key == "BACKLINK_TEXT") s.backlink_text = SettingText(*it);
      else if (key == "SUPERSCRIPT_TEXT") s.superscript_text = SettingText(*it);
      else if (key == "BACKLINK_TITLE") s.backlink_title = SettingText(*it);
      else if (key == "SEPARATOR") s.separator = SettingText(*it);
      else return nullptr;  // Python raises KeyError
      if (!ok) return nullptr;
    }
  }
  return std::make_unique<FootnoteExtension>(std::move(s));
}

}  // namespace stacks::markdown
