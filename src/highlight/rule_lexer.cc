// The state-table lexer (see rule_lexer.h).
//
// At each position the rules of the state on top of the stack are tried in
// order, anchored there; the first match emits its tokens (per group when
// the rule has several actions), then the stack changes as `next` says. When
// nothing matches, a newline resets the stack to root and anything else is
// one Error character, as in Pygments.
#include "highlight/rule_lexer.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

#include "markdown/util.h"

namespace stacks::highlight {

struct RuleLexer::Compiled {
  struct Entry {
    std::unique_ptr<markdown::Regex> regex;
    std::vector<Action> actions;
    std::vector<int> push;  // states to push
    int pop = 0;
    bool push_self = false;
  };
  std::vector<Entry> entries;
};

RuleLexer::~RuleLexer() = default;

int RuleLexer::StateIndex(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<int>(i);
  std::fprintf(stderr, "highlight: unknown lexer state '%.*s'\n", static_cast<int>(name.size()), name.data());
  std::abort();
}

RuleLexer::RuleLexer(std::vector<RuleState> states, unsigned flags) {
  for (const RuleState& s : states) names_.push_back(s.name);
  // Expands "@name" includes (recursively) into plain rule lists.
  std::function<void(const RuleState&, std::vector<const Rule*>*)> flatten =
      [&](const RuleState& s, std::vector<const Rule*>* out) {
        for (const Rule& r : s.rules) {
          if (!r.pattern.empty() && r.pattern[0] == '@') flatten(states[StateIndex(r.pattern.substr(1))], out);
          else out->push_back(&r);
        }
      };
  for (const RuleState& s : states) {
    auto compiled = std::make_unique<Compiled>();
    std::vector<const Rule*> rules;
    flatten(s, &rules);
    for (const Rule* r : rules) {
      Compiled::Entry e;
      e.regex = std::make_unique<markdown::Regex>(r->pattern, flags);
      e.actions = r->actions;
      std::string_view next = r->next;
      if (next == "#push") e.push_self = true;
      else if (next.substr(0, 4) == "#pop") e.pop = next.size() > 5 ? std::atoi(std::string(next.substr(5)).c_str()) : 1;
      else if (!next.empty())
        for (const std::string& n : markdown::SplitOn(next, ",")) e.push.push_back(StateIndex(n));
      compiled->entries.push_back(std::move(e));
    }
    states_.push_back(std::move(compiled));
  }
}

namespace {

void Apply(const Action& a, std::string_view text, std::vector<Token>* out) {
  if (text.empty()) return;
  if (a.language) LexUnprocessed(a.language, text, out);
  else Emit(out, a.type, text);
}

}  // namespace

void RuleLexer::Lex(std::string_view text, std::vector<Token>* out) const {
  std::vector<int> stack = {0};
  size_t pos = 0;
  while (pos < text.size()) {
    const Compiled& state = *states_[stack.back()];
    bool matched = false;
    for (const Compiled::Entry& e : state.entries) {
      std::optional<markdown::Match> m = e.regex->MatchAt(text, pos);
      if (!m) continue;
      if (e.actions.size() == 1) {
        Apply(e.actions[0], m->Group(0), out);
      } else {
        for (size_t g = 0; g < e.actions.size() && static_cast<int>(g) < m->GroupCount(); ++g)
          if (m->Has(static_cast<int>(g) + 1)) Apply(e.actions[g], m->Group(static_cast<int>(g) + 1), out);
      }
      if (e.push_self) stack.push_back(stack.back());
      for (int p = 0; p < e.pop && stack.size() > 1; ++p) stack.pop_back();
      for (int s : e.push) stack.push_back(s);
      pos = m->End(0);
      matched = true;
      if (m->End(0) == m->Start(0) && e.push.empty() && !e.pop && !e.push_self) matched = false;
      break;
    }
    if (matched) continue;
    if (text[pos] == '\n') {
      stack.assign(1, 0);
      Emit(out, TokenType::kTextWhitespace, "\n");
    } else {
      Emit(out, TokenType::kError, text.substr(pos, 1));
    }
    ++pos;
  }
}

void LexUnprocessed(std::string_view alias, std::string_view text, std::vector<Token>* out) {
  const Language* lang = FindLanguage(alias);
  if (lang && lang->lex) lang->lex(text, out);
  else if (lang && lang->ksh) LexWithKsh(*lang->ksh, text, out);
  else Emit(out, TokenType::kText, text);
}

}  // namespace stacks::highlight
