#include "site/paginator.h"

#include <algorithm>

#include "site/pyvalue.h"

namespace stacks::site {

std::vector<PaginationRule> PaginationRules(const Settings& settings) {
  std::vector<PaginationRule> rules;
  if (!settings.Has("PAGINATION_PATTERNS")) return rules;
  for (const Json& rule : settings["PAGINATION_PATTERNS"]) {
    if (!rule.is_array() || rule.size() != 3) continue;
    PaginationRule r;
    r.min_page = rule[0].is_number() ? rule[0].get<int>() : 1;
    r.url = rule[1].is_string() ? rule[1].get<std::string>() : "";
    r.save_as = rule[2].is_string() ? rule[2].get<std::string>() : "";
    rules.push_back(std::move(r));
  }
  return rules;
}

std::pair<std::string, std::string> SplitPath(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  std::string head = path.substr(0, slash + 1);
  std::string tail = path.substr(slash + 1);
  // Trailing slashes go, unless the head is nothing but slashes.
  if (head.find_first_not_of('/') != std::string::npos)
    while (!head.empty() && head.back() == '/') head.pop_back();
  return {head, tail};
}

// Python's splitext: the extension starts at the last dot of the last path
// component, unless everything before that dot in the component is dots.
std::pair<std::string, std::string> SplitExt(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t start = slash == std::string::npos ? 0 : slash + 1;
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || dot < start) return {path, ""};
  size_t first_non_dot = path.find_first_not_of('.', start);
  if (first_non_dot == std::string::npos || first_non_dot >= dot) return {path, ""};
  return {path.substr(0, dot), path.substr(dot)};
}

Paginator::Paginator(std::string name, std::string url, size_t count, int per_page, int orphans,
                     std::vector<PaginationRule> rules)
    : name_(std::move(name)), url_(std::move(url)), count_(count), rules_(std::move(rules)) {
  if (per_page > 0) {
    per_page_ = per_page;
    orphans_ = orphans;
  } else {
    per_page_ = static_cast<int>(count);
    orphans_ = 0;
  }
}

// ceil(max(1, count - orphans) / (per_page or 1)).
int Paginator::num_pages() const {
  long long hits = std::max<long long>(1, static_cast<long long>(count_) - orphans_);
  long long per = per_page_ ? per_page_ : 1;
  if (per < 0) return static_cast<int>(hits / per);  // not reachable from Pelican settings
  return static_cast<int>((hits + per - 1) / per);
}

std::vector<int> Paginator::page_range() const {
  std::vector<int> range;
  for (int i = 1; i <= num_pages(); ++i) range.push_back(i);
  return range;
}

// The page spans per_page items from (number-1)*per_page; when the items
// left after it (plus orphans) would not fill another page, it takes them all.
PaginatedPage Paginator::page(int number) const {
  long long bottom = static_cast<long long>(number - 1) * per_page_;
  long long top = bottom + per_page_;
  long long count = static_cast<long long>(count_);
  if (top + orphans_ >= count) top = count;
  bottom = std::clamp<long long>(bottom, 0, count);
  top = std::clamp<long long>(top, bottom, count);
  return PaginatedPage(this, number, static_cast<size_t>(bottom), static_cast<size_t>(top));
}

PaginatedPage::PaginatedPage(const Paginator* paginator, int number, size_t begin, size_t end)
    : paginator_(paginator), number_(number), begin_(begin), end_(end) {}

bool PaginatedPage::has_next() const { return number_ < paginator_->num_pages(); }

size_t PaginatedPage::start_index() const {
  if (paginator_->count() == 0) return 0;
  return static_cast<size_t>(paginator_->per_page()) * (number_ - 1) + 1;
}

size_t PaginatedPage::end_index() const {
  if (number_ == paginator_->num_pages()) return paginator_->count();
  return static_cast<size_t>(number_) * paginator_->per_page();
}

const std::string& PaginatedPage::full_name() const { return paginator_->name(); }
std::string PaginatedPage::name() const { return SplitExt(full_name()).first; }
std::string PaginatedPage::extension() const { return SplitExt(full_name()).second; }

std::string PaginatedPage::base_name() const {
  auto [dir, file] = SplitPath(full_name());
  return (file == "index.htm" || file == "index.html") ? dir : name();
}

std::string PaginatedPage::url() const { return FromRule(true); }
std::string PaginatedPage::save_as() const { return FromRule(false); }

// The rules are sorted by min_page; the last one whose min_page <= number
// applies, except that a -1 rule wins outright on the last page.
std::string PaginatedPage::FromRule(bool want_url) const {
  const PaginationRule* rule = nullptr;
  for (const PaginationRule& r : paginator_->rules()) {
    if (r.min_page == -1) {
      if (!has_next()) {
        rule = &r;
        break;
      }
    } else if (r.min_page <= number_) {
      rule = &r;
    }
  }
  if (!rule) return "";
  std::vector<std::pair<std::string, PyValue>> fields = {
      {"save_as", PyValue::Str(full_name())},  {"url", PyValue::Str(paginator_->url())},
      {"name", PyValue::Str(name())},          {"base_name", PyValue::Str(base_name())},
      {"extension", PyValue::Str(extension())}, {"number", PyValue::Int(number_)}};
  std::string error;
  std::optional<std::string> out = BraceFormat(want_url ? rule->url : rule->save_as, {}, fields, &error);
  if (!out || out->empty()) return "";
  if ((*out)[0] == '/') out->erase(0, 1);
  return *out;
}

}  // namespace stacks::site
