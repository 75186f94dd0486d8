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
// Works on the joined lines in place (see Preprocessor::RunText).
class NormalizeWhitespace : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;
  void RunText(std::string& text) override {
    static constexpr ByteSet kRewritten("\x02\x03\r");
    if (kRewritten.FindIn(text) != std::string::npos) DropMarkersAndCarriageReturns(text);
    text.append("\n\n");
    if (text.find('\t') != std::string::npos) text = ExpandTabs(text, md_->tab_length);
    EmptySpaceOnlyLines(text);
  }

 private:
  // Python `.replace(STX, "").replace(ETX, "")`, then "\r\n" and "\r"
  // become "\n": one pass copying each kept byte down to its place.
  static void DropMarkersAndCarriageReturns(std::string& text) {
    size_t out = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == kStx || c == kEtx) continue;
      if (c == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        c = '\n';
      }
      text[out++] = c;
    }
    text.resize(out);
  }

  // Python `re.sub(r'(?<=\n) +\n', '\n', source)`: at each newline followed
  // by a space, a run of spaces ended by the next newline is cut out. The
  // text between cuts is moved down once (nothing moves when no line is cut).
  static void EmptySpaceOnlyLines(std::string& text) {
    const size_t n = text.size();
    size_t out = 0;   // where the next kept byte goes
    size_t kept = 0;  // start of the bytes not yet moved down
    for (size_t i = FindNewlineBefore(text, 0, ' ', ' '); i != std::string::npos;
         i = FindNewlineBefore(text, i + 1, ' ', ' ')) {
      size_t end = i + 1;
      while (end < n && text[end] == ' ') ++end;
      if (end == i + 1 || end >= n || text[end] != '\n') continue;
      if (out != kept) std::memmove(&text[out], &text[kept], i + 1 - kept);
      out += i + 1 - kept;
      kept = end;
      i = end - 1;  // the search goes on at the newline ending the cut line
    }
    if (kept == 0) return;
    if (out != kept) std::memmove(&text[out], &text[kept], n - kept);
    text.resize(out + n - kept);
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

  // Rewrites `text` only when it holds an escape (most texts hold none):
  // from the first STX on, each `STX digits ETX` (at most 7 digits, a valid
  // code point) becomes that character; the runs between STXs are copied
  // whole.
  static void UnescapeInPlace(std::string& text) {
    size_t pos = text.find(kStx);
    if (pos != std::string::npos) RewriteFrom(text, pos);
  }

  // The rewrite, from the first STX at `pos` (kept out of line so that the
  // common test above stays small).
  [[gnu::noinline]] static void RewriteFrom(std::string& text, size_t pos) {
    std::string out;
    out.reserve(text.size());
    out.append(text, 0, pos);
    while (pos != std::string::npos) {
      size_t next = AppendEscape(text, pos, out);
      pos = text.find(kStx, next);
      out.append(text, next, (pos == std::string::npos ? text.size() : pos) - next);
    }
    text = std::move(out);
  }

  // Handles the STX at `pos`: appends the escaped character, or the STX
  // itself when no valid escape starts there. Returns where to go on.
  static size_t AppendEscape(const std::string& text, size_t pos, std::string& out) {
    size_t j = pos + 1;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j > pos + 1 && j < text.size() && text[j] == kEtx && j - pos - 1 <= 7) {
      unsigned long cp = std::stoul(text.substr(pos + 1, j - pos - 1));
      if (cp <= 0x10FFFF) {
        AppendUtf8(out, static_cast<char32_t>(cp));
        return j + 1;
      }
    }
    out.push_back(kStx);
    return pos + 1;
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
    for (size_t round = 0; round <= html.size() + 1; ++round) {
      std::string next = ReplacePlaceholders(text, html, block);
      if (!nested) return next;  // one pass is final (see above)
      if (next == text) break;
      text = std::move(next);
    }
    return text;
  }

 private:
  // Python's `re.sub` of `<p>STX wzxhzdk:(\d+) ETX</p>|STX wzxhzdk:(\d+) ETX`
  // (ASCII digits), by hand: each STX starts a candidate; a placeholder
  // wrapped in <p>...</p> is taken with the wrapper unless the "<p>" lies
  // in the text the previous replacement consumed (the regex resumes after
  // it). A number with no stashed item is left as it was.
  static std::string ReplacePlaceholders(std::string_view text, const std::vector<const std::string*>& html,
                                         const std::vector<bool>& block) {
    constexpr std::string_view kOpen = "\x02wzxhzdk:";
    std::string out;
    out.reserve(text.size());
    size_t copied = 0;  // text before this offset is in `out`
    for (size_t at = text.find(kStx); at != std::string_view::npos; at = text.find(kStx, at)) {
      if (text.substr(at, kOpen.size()) != kOpen) {
        ++at;
        continue;
      }
      size_t digits_end = at + kOpen.size();
      while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
      if (digits_end == at + kOpen.size() || digits_end >= text.size() || text[digits_end] != kEtx) {
        ++at;
        continue;
      }
      size_t end = digits_end + 1;
      size_t start = at;
      const bool wrapped = at >= copied + 3 && text.substr(at - 3, 3) == "<p>" &&
                           text.substr(end, 4) == "</p>";
      if (wrapped) {
        start = at - 3;
        end += 4;
      }
      std::string_view number = text.substr(at + kOpen.size(), digits_end - at - kOpen.size());
      size_t n = html.size();
      if (number.size() <= 18) n = std::stoul(std::string(number));
      out.append(text, copied, start - copied);
      if (n >= html.size()) out.append(text, start, end - start);
      else if (!wrapped || block[n]) out.append(*html[n]);
      else out.append("<p>").append(*html[n]).append("</p>");
      copied = end;
      at = end;
    }
    out.append(text, copied);
    return out;
  }

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

std::string UnescapeStx(const std::string& text) {
  std::string out = text;
  UnescapeTreeprocessor::UnescapeInPlace(out);
  return out;
}

}  // namespace stacks::markdown
