// site/paginator: pelican.paginator's Paginator and Page. The paginator
// works on item counts; a page gives the [begin, end) range of the list the
// caller slices, plus the URL and SAVE_AS that PAGINATION_PATTERNS give it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "site/settings.h"

namespace stacks::site {

/// One (min_page, URL, SAVE_AS) entry of PAGINATION_PATTERNS. min_page -1
/// means "the last page".
struct PaginationRule {
  int min_page = 1;
  std::string url;
  std::string save_as;
};

/// PAGINATION_PATTERNS read from settings (already sorted by LoadSettings).
std::vector<PaginationRule> PaginationRules(const Settings& settings);

class Paginator;

/// One page of a Paginator (Pelican's Page); it points to its Paginator,
/// which must outlive it.
class PaginatedPage {
 public:
  PaginatedPage(const Paginator* paginator, int number, size_t begin, size_t end);

  int number() const { return number_; }
  /// The slice of the paginated list this page shows: [begin, end).
  size_t begin() const { return begin_; }
  size_t end() const { return end_; }
  size_t size() const { return end_ - begin_; }

  bool has_next() const;
  bool has_previous() const { return number_ > 1; }
  bool has_other_pages() const { return has_previous() || has_next(); }
  int next_page_number() const { return number_ + 1; }
  int previous_page_number() const { return number_ - 1; }
  /// 1-based index of the first / last item across all pages (0 when empty).
  size_t start_index() const;
  size_t end_index() const;

  /// The page name split as os.path.splitext / os.path.split do.
  const std::string& full_name() const;
  std::string name() const;
  std::string extension() const;
  std::string base_name() const;

  /// URL / SAVE_AS of the last PAGINATION_PATTERNS rule that applies, its
  /// `{save_as} {url} {name} {base_name} {extension} {number}` fields filled,
  /// one leading slash removed. Empty when no rule applies.
  std::string url() const;
  std::string save_as() const;

 private:
  std::string FromRule(bool want_url) const;

  const Paginator* paginator_;
  int number_;
  size_t begin_;
  size_t end_;
};

/// Pelican's Paginator over `count` items. `per_page` 0 (Pelican's None or
/// 0) puts everything on one page with no orphans.
class Paginator {
 public:
  Paginator(std::string name, std::string url, size_t count, int per_page, int orphans,
            std::vector<PaginationRule> rules);

  /// Page `number` (1-based); the last page takes up to `orphans` extra items.
  PaginatedPage page(int number) const;
  size_t count() const { return count_; }
  int per_page() const { return per_page_; }
  int orphans() const { return orphans_; }
  int num_pages() const;
  std::vector<int> page_range() const;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  const std::vector<PaginationRule>& rules() const { return rules_; }

 private:
  std::string name_;
  std::string url_;
  size_t count_;
  int per_page_;
  int orphans_;
  std::vector<PaginationRule> rules_;
};

/// os.path.splitext(path): (root, extension with its dot).
std::pair<std::string, std::string> SplitExt(const std::string& path);
/// os.path.split(path): (head without trailing slashes, tail).
std::pair<std::string, std::string> SplitPath(const std::string& path);

}  // namespace stacks::site
