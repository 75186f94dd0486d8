// Inline patterns: Python-Markdown's `Pattern` (legacy) and `InlineProcessor`
// classes. Each has a regular expression; the `inline` treeprocessor searches
// text nodes with it and calls `HandleMatch`, which returns an element, a
// string, or nothing, plus the span of `data` it replaces.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/etree.h"
#include "markdown/regex.h"

namespace stacks::markdown {

class Markdown;

/// What `HandleMatch` returns (Python's `(el, start, end)` triple).
struct InlineResult {
  enum class Kind {
    kNoMatch,  ///< start/end were None: keep searching after this match
    kNone,     ///< el was None: nothing replaced, continue after `end`
    kElement,  ///< an element replaces data[start:end]
    kText,     ///< a string replaces data[start:end]
  };
  Kind kind = Kind::kNoMatch;
  ElementPtr element;
  std::string text;
  size_t start = 0;
  size_t end = 0;

  static InlineResult NoMatch() { return {}; }
  static InlineResult None(size_t start, size_t end) {
    InlineResult r;
    r.kind = Kind::kNone;
    r.start = start;
    r.end = end;
    return r;
  }
  static InlineResult Node(ElementPtr el, size_t start, size_t end) {
    InlineResult r;
    r.kind = Kind::kElement;
    r.element = std::move(el);
    r.start = start;
    r.end = end;
    return r;
  }
  static InlineResult Text(std::string text, size_t start, size_t end) {
    InlineResult r;
    r.kind = Kind::kText;
    r.text = std::move(text);
    r.start = start;
    r.end = end;
    return r;
  }
};

/// Base of every inline pattern. A legacy `Pattern` is compiled as
/// `^(.*?)PATTERN(.*)$` (DOTALL) and matched at the start of the remaining
/// text, so its own groups are shifted by one; an `InlineProcessor` is
/// compiled as written and searched from the current position.
class InlinePattern {
 public:
  InlinePattern(std::string_view pattern, Markdown* md, bool legacy = false);
  virtual ~InlinePattern();

  /// For an InlineProcessor, `m` is a search result on `data`; start/end of
  /// the result are offsets into `data`. For a legacy Pattern, `m` matched
  /// the whole remaining text and start/end are ignored (the treeprocessor
  /// keeps group 1 and the last group around the replacement).
  virtual InlineResult HandleMatch(const Match& m, std::string_view data) = 0;

  const Regex& regex() const { return *regex_; }
  /// Python `self.compiled_re.search(data, pos)` for an InlineProcessor: a
  /// hand-written matcher for the core patterns that have one (see
  /// HandMatcherFor in inlinepatterns.cc), the regex otherwise.
  std::optional<Match> Search(std::string_view data, size_t pos) const {
    return finder_ ? finder_(data, pos) : regex_->Search(data, pos);
  }
  /// A hand-written stand-in for a regex search (or anchored match).
  using Finder = std::optional<Match> (*)(std::string_view data, size_t pos);
  bool legacy() const { return legacy_; }
  /// Python `ANCESTOR_EXCLUDES`: tags inside which the pattern is skipped.
  std::vector<std::string> ancestor_excludes;

  /// Python `Pattern.unescape`: inline placeholders in `text` replaced by
  /// the text of the nodes they stand for.
  virtual std::string Unescape(std::string_view text) const;

 protected:
  Markdown* md_;

 private:
  std::unique_ptr<Regex> regex_;
  bool legacy_;
  Finder finder_ = nullptr;
};

}  // namespace stacks::markdown
