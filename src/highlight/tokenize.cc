// Tokenize and Highlight: Pygments' text preparation, then the language's lexer;
// the TextStore that token text lives in, and Emit.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/base.h"
#include "highlight/lexer.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

bool BoolOption(const nlohmann::json& o, const char* key, bool fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0;
  if (it->is_string()) {
    std::string s = AsciiLower(it->get<std::string>());
    if (s == "1" || s == "yes" || s == "true" || s == "on") return true;
    if (s == "0" || s == "no" || s == "false" || s == "off") return false;
  }
  return fallback;
}

// Pygments `Lexer.get_tokens` before lexing: newlines normalized, then
// stripall/stripnl, tab expansion and a final newline.
std::string PrepareText(std::string_view code, const nlohmann::json& o) {
  std::string text = code.find('\r') == std::string_view::npos
                         ? std::string(code)
                         : ReplaceAll(ReplaceAll(code, "\r\n", "\n"), "\r", "\n");
  if (BoolOption(o, "stripall", false)) {
    text = std::string(markdown::PyStrip(text));
  } else if (BoolOption(o, "stripnl", true)) {
    std::string_view stripped = markdown::PyStripChars(text, "\n");
    if (stripped.size() != text.size()) text = std::string(stripped);
  }
  auto tab = o.find("tabsize");
  if (tab != o.end() && tab->is_number_integer() && tab->get<int>() > 0)
    text = markdown::ExpandTabs(text, tab->get<int>());
  if (BoolOption(o, "ensurenl", true) && (text.empty() || text.back() != '\n')) text += "\n";
  return text;
}

// `s` lies inside `range` (compared as addresses: they may be unrelated).
bool Within(std::string_view s, std::string_view range) {
  auto begin = reinterpret_cast<uintptr_t>(s.data()), range_begin = reinterpret_cast<uintptr_t>(range.data());
  return begin >= range_begin && begin + s.size() <= range_begin + range.size();
}

thread_local TextStore* current_store = nullptr;

// Makes `store` the thread's current one for a scope (Tokenize calls nest
// when a lexer tokenizes another language).
class StoreScope {
 public:
  explicit StoreScope(TextStore* store) : saved_(current_store) { current_store = store; }
  ~StoreScope() { current_store = saved_; }
  StoreScope(const StoreScope&) = delete;
  StoreScope& operator=(const StoreScope&) = delete;

 private:
  TextStore* saved_;
};

constexpr size_t kFirstBlock = 4096, kLargestBlock = size_t{1} << 20;

}  // namespace

bool TextStore::Holds(std::string_view s) const {
  if (Within(s, text_)) return true;
  for (size_t i = block_ranges_.size(); i-- > 0;)
    if (Within(s, block_ranges_[i])) return true;
  return false;
}

// Copies go into blocks that double in size (up to 1 MiB, or the size of
// one large copy) and live as long as the store.
char* TextStore::Allocate(size_t size) {
  if (size > left_) {
    size_t block = block_ranges_.empty() ? kFirstBlock : std::min(block_ranges_.back().size() * 2, kLargestBlock);
    block = std::max(block, size);
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
    block_ranges_.emplace_back(blocks_.back().get(), block);
    free_ = blocks_.back().get();
    left_ = block;
  }
  char* at = free_;
  free_ += size;
  left_ -= size;
  return at;
}

std::string_view TextStore::KeepElsewhere(std::string_view s) {
  if (s.empty() || Holds(s)) return s;
  char* copy = Allocate(s.size());
  std::memcpy(copy, s.data(), s.size());
  return {copy, s.size()};
}

// Cheapest first: `b` right after `a` in held memory (the usual case: both
// are pieces of the prepared text); the prepared text going on with the
// bytes of `b` (a literal "\n" after a line); `a` the newest copy with room
// after it; else both copied.
std::string_view TextStore::JoinElsewhere(std::string_view a, std::string_view b) {
  if (b.empty()) return a;
  if (a.empty()) return Keep(b);
  std::string_view joined(a.data(), a.size() + b.size());
  const char* a_end = a.data() + a.size();
  if (a_end == b.data() && (Within(joined, text_) || (Holds(a) && Holds(b)))) return joined;
  if (Within(joined, text_) && std::memcmp(a_end, b.data(), b.size()) == 0) return joined;
  if (a_end == free_ && b.size() <= left_ && Holds(a)) {
    std::memcpy(Allocate(b.size()), b.data(), b.size());
    return joined;
  }
  char* copy = Allocate(a.size() + b.size());
  std::memcpy(copy, a.data(), a.size());
  std::memcpy(copy + a.size(), b.data(), b.size());
  return {copy, a.size() + b.size()};
}

TextStore& CurrentTextStore() {
  if (current_store) return *current_store;
  // Lexing outside Tokenize (no caller does): copies are kept for good.
  thread_local TextStore fallback{std::string()};
  return fallback;
}

// Merging into the previous token of the same type usually only lengthens
// its view; see TextStore::Join.
void Emit(std::vector<Token>* out, TokenType type, std::string_view text) {
  if (text.empty()) return;
  TextStore& store = current_store ? *current_store : CurrentTextStore();
  if (!out->empty() && out->back().type == type) {
    Token& last = out->back();
    last.text = store.Join(last.text, text);
    return;
  }
  out->push_back({type, store.Keep(text)});
}

TokenList Tokenize(std::string_view code, const Language* language, const nlohmann::json& lexer_options) {
  auto store = std::make_shared<TextStore>(PrepareText(code, lexer_options));
  StoreScope scope(store.get());
  std::string_view text = store->text();
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 16);
  if (language && language->lex) language->lex(text, &tokens);
  else if (language && language->ksh) LexWithKsh(*language->ksh, text, &tokens);
  else Emit(&tokens, TokenType::kText, text);
  return TokenList(std::move(tokens), std::move(store));
}

std::string Highlight(std::string_view code, std::string_view lang, const nlohmann::json& options) {
  return FormatHtml(Tokenize(code, FindLanguage(lang), options), options);
}

}  // namespace stacks::highlight
