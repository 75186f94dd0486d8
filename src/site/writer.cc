// Pelican's Writer: write_file turns one request into one file per page
// (pagination), each with its own copy of the context (SITEURL made
// relative with RELATIVE_URLS, output_file, the request's variables);
// write_feed writes an Atom or RSS document. Files are claimed in request
// order, so "written twice" is decided deterministically before any render;
// rendering then runs on a pool of workers, one template environment each.
#include "site/build_internal.h"
#include "site/paginator.h"

namespace stacks::site {

Writer::Writer(Site* site) : site_(site) {}

// utils.is_selected_for_writing: with WRITE_SELECTED set, only those paths.
bool Writer::Selected(const std::string& path) const {
  const Json& selected = (*site_->settings)["WRITE_SELECTED"];
  if (!Truthy(selected)) return true;
  for (const Json& p : selected)
    if (p.is_string() && p.get<std::string>() == path) return true;
  return false;
}

// Writer._open_w: a file may be written once, unless one write (and only
// one) says it overrides; later plain writes of an overridden file are
// skipped.
bool Writer::Claim(const std::string& full_path, bool override_output) {
  if (overridden_.count(full_path)) {
    if (override_output) {
      site_->messages->Error("File " + full_path + " is set to be overridden twice");
      return false;
    }
    return false;
  }
  if (written_.count(full_path) && !override_output) {
    site_->messages->Error("File " + full_path + " is to be overwritten");
    return false;
  }
  if (override_output) overridden_.insert(full_path);
  written_.insert(full_path);
  return true;
}

// write_feed: the items of `items` (at most FEED_MAX_ITEMS) with their
// content resolved against SITEURL.
void Writer::WriteFeed(const ContentList& items, const std::string& path, const std::string& url, FeedKind kind,
                       std::optional<std::string> title) {
  if (!Selected(path)) return;
  const Settings& settings = *site_->settings;
  FeedOptions options = FeedOptionsFromSettings(settings, kind, path, url, std::move(title));
  std::string siteurl = SettingText(settings, "SITEURL");
  std::vector<FeedEntry> entries;
  size_t max = options.max_items > 0 ? std::min<size_t>(options.max_items, items.size()) : items.size();
  for (size_t i = 0; i < max; ++i) {
    const ContentObject& o = *items[i];
    FeedEntry e;
    e.title = o.item.title;
    e.url = o.url;
    e.content = o.Content(*site_, siteurl);
    e.summary = o.Summary(*site_, siteurl);
    if (o.item.date) e.date = *o.item.date;
    e.modified = o.item.modified;
    if (o.category) e.category = o.category->name();
    for (const UrlWrapper& t : o.tags) e.tags.push_back(t.name());
    if (o.has_author) e.author = o.authors[0].name();
    entries.push_back(std::move(e));
  }
  options.max_items = 0;
  std::string full = content::NormPath(site_->output_path + "/" + path);
  if (!Claim(full, false)) return;
  std::string error;
  if (!WriteFileAtomic(full, site::WriteFeed(entries, options), &error))
    site_->messages->Error(full + ": error: cannot write: " + error);
  else
    ++feeds_written_;
}

// _get_localcontext: a copy of the context with the writer's variables.
void Writer::AddJob(const std::string& name, const std::string& template_name, const tmpl::Value& context,
                    const std::vector<std::pair<std::string, tmpl::Value>>& kwargs, bool relative_urls,
                    bool override_output) {
  std::string full = content::NormPath(site_->output_path + "/" + name);
  if (!Claim(full, override_output)) return;
  tmpl::Value local = tmpl::Value::MakeDict();
  for (const auto& [k, v] : context.AsDict().items()) local.AsDict().Set(k, v);
  std::string local_siteurl = SettingText(*site_->settings, "SITEURL");
  if (relative_urls) {
    local_siteurl = RelativePathToRoot(name);
    local.AsDict().Set(tmpl::Value("SITEURL"), tmpl::Value(local_siteurl));
  }
  local.AsDict().Set(tmpl::Value("localsiteurl"), tmpl::Value(local_siteurl));
  local.AsDict().Set(tmpl::Value("output_file"), tmpl::Value(name));
  for (const auto& [k, v] : kwargs) local.AsDict().Set(tmpl::Value(k), v);
  jobs_.push_back({name, template_name, std::move(local), local_siteurl});
}

// write_file: templates listed in PAGINATED_TEMPLATES get one file per page
// of their `articles`/`dates`, with <key>_paginator, <key>_page,
// <key>_previous_page and <key>_next_page; the file name comes from the
// page's save_as (PAGINATION_PATTERNS).
void Writer::WriteFile(const WriteRequest& r, const tmpl::Value& context) {
  const Settings& settings = *site_->settings;
  if (r.name.empty() || !Selected(content::NormPath(site_->output_path + "/" + r.name))) return;
  const Json& paginated_templates = settings["PAGINATED_TEMPLATES"];
  bool paginate = !r.paginated.empty() && !r.paginated_template.empty() && paginated_templates.is_object() &&
                  paginated_templates.contains(r.paginated_template);
  if (!paginate) {
    AddJob(r.name, r.template_name, context, r.kwargs, r.relative_urls, r.override_output);
    return;
  }
  const Json& per_page_setting = paginated_templates[r.paginated_template];
  int per_page = Truthy(per_page_setting) && per_page_setting.is_number() ? per_page_setting.get<int>() : 0;
  if (per_page == 0 && settings["DEFAULT_PAGINATION"].is_number()) per_page = settings["DEFAULT_PAGINATION"].get<int>();
  int orphans = settings["DEFAULT_ORPHANS"].is_number() ? settings["DEFAULT_ORPHANS"].get<int>() : 0;
  std::vector<std::pair<std::string, std::shared_ptr<const Paginator>>> paginators;
  for (const auto& [key, list] : r.paginated)
    paginators.emplace_back(key, std::make_shared<Paginator>(r.name, r.url, list.AsList().size(), per_page,
                                                             per_page ? orphans : 0, PaginationRules(settings)));
  int pages = paginators.front().second->num_pages();
  for (int n = 1; n <= pages; ++n) {
    std::vector<std::pair<std::string, tmpl::Value>> kwargs = r.kwargs;
    std::string save_as;
    for (size_t i = 0; i < paginators.size(); ++i) {
      const auto& [key, paginator] = paginators[i];
      const tmpl::Value& list = r.paginated[i].second;
      kwargs.emplace_back(key + "_paginator", PaginatorValue(paginator, list));
      kwargs.emplace_back(key + "_page", PageValue(paginator, n, list));
      kwargs.emplace_back(key + "_previous_page", n > 1 ? PageValue(paginator, n - 1, list) : tmpl::Value::None());
      kwargs.emplace_back(key + "_next_page",
                          n < paginator->num_pages() ? PageValue(paginator, n + 1, list) : tmpl::Value::None());
      save_as = paginator->page(n).save_as();
    }
    AddJob(save_as, r.template_name, context, kwargs, r.relative_urls, r.override_output);
  }
}

// Renders the jobs on `threads` workers, each with its own environment, and
// writes each file atomically. A template error is reported (with its
// template, line and column) and the file skipped; the build goes on.
int Writer::RenderAll(int threads) {
  std::vector<std::unique_ptr<tmpl::Environment>> envs(std::max(1, threads));
  std::vector<std::string> errors(jobs_.size());
  std::vector<char> written(jobs_.size(), 0);
  ParallelFor(jobs_.size(), threads, [&](size_t worker, size_t i) {
    if (!envs[worker]) envs[worker] = MakeEnvironment(*site_, worker == 0 ? site_->messages : nullptr);
    const RenderJob& job = jobs_[i];
    Site::local_siteurl = job.local_siteurl;
    tmpl::RenderResult result = envs[worker]->Render(job.template_name, job.context);
    if (!result.ok) {
      errors[i] = result.error.formatted;
      return;
    }
    std::string full = content::NormPath(site_->output_path + "/" + job.name);
    std::string error;
    if (WriteFileAtomic(full, result.output, &error)) written[i] = 1;
    else errors[i] = full + ": error: cannot write: " + error;
  });
  int count = 0;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    count += written[i];
    if (!errors[i].empty()) {
      ++failed_;
      std::string text = errors[i];
      while (!text.empty() && text.back() == '\n') text.pop_back();
      site_->messages->Error(text + "\n  (while writing " + jobs_[i].name + "; file skipped)");
    }
  }
  return count;
}

}  // namespace stacks::site
