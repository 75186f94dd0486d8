// The core pre-, tree- and postprocessors that are not parsers themselves:
// whitespace normalization, prettifying, unescaping and raw-HTML restoring.
#include <cstdint>
#include <cstring>

#include "base/base.h"
#include "markdown/core.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

// ---- preprocessors ----------------------------------------------------------

// Drops STX/ETX (they are the engine's placeholder markers), turns every line
// ending into \n, appends two newlines, expands tabs and empties lines made of
// spaces only (all but the first line, as the Python regex `(?<=\n) +\n` does).
class NormalizeWhitespace : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;
  std::vector<std::string> Run(std::vector<std::string> lines) override {
    if (!NeedsRewrite(lines)) return WithBlankLinesEmptied(std::move(lines));
    std::string source = JoinWith(lines, "\n");
    std::string cleaned;
    cleaned.reserve(source.size() + 2);
    for (size_t i = 0; i < source.size(); ++i) {
      char c = source[i];
      if (c == kStx || c == kEtx) continue;
      if (c == '\r') {
        if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
        c = '\n';
      }
      cleaned.push_back(c);
    }
    cleaned.append("\n\n");
    return WithBlankLinesEmptied(SplitOn(ExpandTabs(cleaned, md_->tab_length), "\n"), false);
  }

 private:
  // Only STX, ETX, CR and tabs change lines; without them the text is
  // kept line by line (no join and split). All four are below 0x0E, so a
  // line is first tested eight bytes at a time for any byte below 0x0E.
  static bool NeedsRewrite(const std::vector<std::string>& lines) {
    static constexpr ByteSet kRewritten("\x02\x03\r\t");
    for (const std::string& line : lines)
      if (HasControlByte(line) && kRewritten.FindIn(line) != std::string::npos) return true;
    return false;
  }

  // Whether `s` holds a byte below 0x0E: for each 8-byte word, the classic
  // "has a byte less than n" test (x - n*0x01..) & ~x & 0x80.., exact for
  // n <= 128.
  static bool HasControlByte(std::string_view s) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      if ((x - kOnes * 0x0E) & ~x & kHighs) return true;
    }
    for (; i < s.size(); ++i)
      if (static_cast<unsigned char>(s[i]) < 0x0E) return true;
    return false;
  }

  // Python `re.sub(r'(?<=\n) +\n', '\n', source)`: a line of spaces after a
  // newline becomes empty. `append_ending` adds the two lines "\n\n" makes.
  static std::vector<std::string> WithBlankLinesEmptied(std::vector<std::string> out,
                                                       bool append_ending = true) {
    if (append_ending) {
      out.emplace_back();
      out.emplace_back();
    }
    for (size_t i = 1; i + 1 < out.size(); ++i) {
      const std::string& line = out[i];
      if (!line.empty() && line.find_first_not_of(' ') == std::string::npos) out[i].clear();
    }
    return out;
  }
};

// ---- treeprocessors ---------------------------------------------------------

// Puts a newline after every block-level element (and before the first child
// of a block that starts with a block), after each <br>, and makes code in
// <pre> end with exactly one newline.
class PrettifyTreeprocessor : public Treeprocessor {
 public:
  using Treeprocessor::Treeprocessor;
  ElementPtr Run(Element* root) override {
    Prettify(root, 0);
    // One walk finds both kinds (Python walks twice; the first loop does
    // not change which elements there are).
    std::vector<Element*> brs, pres;
    root->Walk([&](Element* e) {
      if (e->kind != Element::Kind::kElement) return;
      if (e->tag == "br") brs.push_back(e);
      else if (e->tag == "pre") pres.push_back(e);
    });
    for (Element* br : brs) {
      if (!br->tail || IsBlank(*br->tail)) br->tail = "\n";
      else br->tail = "\n" + *br->tail;
    }
    for (Element* pre : pres) {
      if (pre->empty() || (*pre)[0]->kind != Element::Kind::kElement || (*pre)[0]->tag != "code")
        continue;
      Element* code = (*pre)[0];
      if (code->empty() && code->text) {
        code->text->resize(PyRStrip(*code->text).size());  // in place
        code->text->push_back('\n');
        code->text_atomic = true;
      }
    }
    return nullptr;
  }

 private:
  void Prettify(Element* elem, int depth) {
    if (md_->IsBlockLevel(*elem)) PrettifyBlock(elem, depth);
    else if (!elem->tail || IsBlank(*elem->tail)) elem->tail = "\n";
  }

  // Prettify for an element known to be block-level (asked once each).
  void PrettifyBlock(Element* elem, int depth) {
    if (elem->tag != "code" && elem->tag != "pre") {
      if ((!elem->text || IsBlank(*elem->text)) && !elem->empty() &&
          md_->IsBlockLevel(*(*elem)[0]))
        elem->text = "\n";
      if (depth < kMaxDepth)
        for (auto& child : elem->children)
          if (md_->IsBlockLevel(*child)) PrettifyBlock(child.get(), depth + 1);
    }
    if (!elem->tail || IsBlank(*elem->tail)) elem->tail = "\n";
  }
  static constexpr int kMaxDepth = 100000;
};

// Turns STX<code point>ETX (left by the escape pattern) back into the character.
class UnescapeTreeprocessor : public Treeprocessor {
 public:
  using Treeprocessor::Treeprocessor;
  ElementPtr Run(Element* root) override {
    root->Walk([](Element* el) {
      if (el->text && el->tag != "code") UnescapeInPlace(*el->text);
      if (el->tail) UnescapeInPlace(*el->tail);
      for (auto& kv : el->attrib) UnescapeInPlace(kv.second);
    });
    return nullptr;
  }

  // Rewrites `text` only when it holds an escape (most texts hold none).
  static void UnescapeInPlace(std::string& text) {
    if (text.find(kStx) != std::string::npos) text = Unescape(text);
  }

  static std::string Unescape(const std::string& text) {
    if (text.find(kStx) == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == kStx) {
        size_t j = i + 1;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
        if (j > i + 1 && j < text.size() && text[j] == kEtx && j - i - 1 <= 7) {
          unsigned long cp = std::stoul(text.substr(i + 1, j - i - 1));
          if (cp <= 0x10FFFF) {
            AppendUtf8(out, static_cast<char32_t>(cp));
            i = j;
            continue;
          }
        }
      }
      out.push_back(text[i]);
    }
    return out;
  }
};

// ---- postprocessors ---------------------------------------------------------

// Replaces each stash placeholder with its raw HTML; a block-level item that
// was wrapped in <p> by the block parser loses the <p>. Repeats while the
// text changes, since stashed HTML may itself hold placeholders.
class RawHtmlPostprocessor : public Postprocessor {
 public:
  using Postprocessor::Postprocessor;
  std::string Run(std::string text) override {
    HtmlStash& stash = md_->html_stash;
    // Every placeholder starts with STX: a text without one is left as is.
    if (stash.html_counter() == 0 || text.find(kStx) == std::string::npos) return text;
    // The stashed strings are read in place; only elements are serialized.
    std::vector<std::string> serialized(stash.html_counter());
    std::vector<const std::string*> html(stash.html_counter());
    std::vector<bool> block(stash.html_counter());
    // Stashed HTML without STX or ETX cannot hold or complete a placeholder:
    // then one pass leaves none that another pass could replace (Python's
    // second pass finds the text unchanged).
    bool nested = false;
    for (size_t i = 0; i < html.size(); ++i) {
      const HtmlStash::Item& item = stash.at(i);
      if (item.element) serialized[i] = md_->Serialize(*item.element);
      html[i] = item.element ? &serialized[i] : &item.html;
      block[i] = IsBlockLevel(*html[i]);
      nested = nested || html[i]->find(kStx) != std::string::npos || html[i]->find(kEtx) != std::string::npos;
    }
    static const Regex kPattern("<p>\x02wzxhzdk:([0-9]+)\x03</p>|\x02wzxhzdk:([0-9]+)\x03");
    for (size_t round = 0; round <= html.size() + 1; ++round) {
      std::string next = kPattern.Sub(text, [&](const Match& m) -> std::string {
        bool wrapped = m.Has(1);
        size_t n = std::stoul(std::string(wrapped ? m.Group(1) : m.Group(2)));
        if (n >= html.size()) return std::string(m.Group(0));
        if (!wrapped || block[n]) return *html[n];
        return "<p>" + *html[n] + "</p>";
      });
      if (!nested) return next;  // one pass is final (see above)
      if (next == text) break;
      text = std::move(next);
    }
    return text;
  }

 private:
  bool IsBlockLevel(std::string_view html) const {
    static const Regex kBlockLevel(R"(^\<\/?([^ >]+))");
    auto m = kBlockLevel.MatchAt(html);
    if (!m) return false;
    char first = m->Group(1)[0];
    if (first == '!' || first == '?' || first == '@' || first == '%') return true;
    return md_->IsBlockLevel(m->Group(1));
  }
};

class AndSubstitutePostprocessor : public Postprocessor {
 public:
  using Postprocessor::Postprocessor;
  std::string Run(std::string text) override {
    if (text.find(kAmpSubstitute) == std::string::npos) return text;
    return ReplaceAll(text, kAmpSubstitute, "&");
  }
};

}  // namespace

void BuildPreprocessors(Markdown& md) {
  md.preprocessors.Register(std::make_unique<NormalizeWhitespace>(&md), "normalize_whitespace", 30);
  md.preprocessors.Register(MakeHtmlBlockPreprocessor(md), "html_block", 20);
}

void BuildTreeprocessors(Markdown& md) {
  md.treeprocessors.Register(MakeInlineTreeprocessor(md), "inline", 20);
  md.treeprocessors.Register(std::make_unique<PrettifyTreeprocessor>(&md), "prettify", 10);
  md.treeprocessors.Register(std::make_unique<UnescapeTreeprocessor>(&md), "unescape", 0);
}

void BuildPostprocessors(Markdown& md) {
  md.postprocessors.Register(std::make_unique<RawHtmlPostprocessor>(&md), "raw_html", 30);
  md.postprocessors.Register(std::make_unique<AndSubstitutePostprocessor>(&md), "amp_substitute", 20);
}

std::string UnescapeStx(const std::string& text) { return UnescapeTreeprocessor::Unescape(text); }

}  // namespace stacks::markdown
