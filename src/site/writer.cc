// Pelican's Writer: write_file turns one request into one file per page
// (pagination), each with its own copy of the context (SITEURL made
// relative with RELATIVE_URLS, output_file, the request's variables);
// write_feed writes an Atom or RSS document. Files are claimed in request
// order, so "written twice" is decided deterministically before any render;
// rendering then runs on a pool of workers, one template environment each.
#include <filesystem>
#include <unordered_map>

#include "site/build_internal.h"
#include "site/paginator.h"
#include "site/progress.h"

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

// write_feed: the file is claimed in request order (so "written twice" is
// decided as Pelican decides it); the document is made later, in parallel.
void Writer::WriteFeed(const ContentList& items, const std::string& path, const std::string& url, FeedKind kind,
                       std::optional<std::string> title) {
  if (!Selected(path)) return;
  std::string full = content::NormPath(site_->output_path + "/" + path);
  if (!Claim(full, false)) return;
  feed_jobs_.push_back({items, path, url, full, kind, std::move(title)});
}

// Writes the feed of the items (at most FEED_MAX_ITEMS, their content
// resolved against SITEURL) to `path` as it is made, a megabyte at a time:
// the file is replaced only when its bytes change.
WriteOutcome Writer::WriteFeedFile(const FeedJob& job, const std::string& path, std::string* error) const {
  const Settings& settings = *site_->settings;
  FeedOptions options = FeedOptionsFromSettings(settings, job.kind, job.path, job.url, job.title);
  std::string siteurl = SettingText(settings, "SITEURL");
  std::vector<FeedEntry> entries;
  size_t max = options.max_items > 0 ? std::min<size_t>(options.max_items, job.items.size()) : job.items.size();
  entries.reserve(max);
  for (size_t i = 0; i < max; ++i) {
    const ContentObject& o = *job.items[i];
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
  FileUpdater file(path);
  site::WriteFeed(entries, options, [&](std::string_view piece) { file.Append(piece); });
  switch (file.Finish(error)) {
    case FileUpdater::Outcome::kWritten: return WriteOutcome::kWritten;
    case FileUpdater::Outcome::kUnchanged: return WriteOutcome::kUnchanged;
    case FileUpdater::Outcome::kFailed: break;
  }
  return WriteOutcome::kFailed;
}

// Compares before writing: same size and same bytes mean the file stays.
WriteOutcome WriteIfChanged(const std::string& path, std::string_view data, std::string* error) {
  if (FileHasContent(path, data)) return WriteOutcome::kUnchanged;
  return WriteFileAtomic(path, data, error) ? WriteOutcome::kWritten : WriteOutcome::kFailed;
}

tmpl::Value RenderJob::Context() const {
  tmpl::Value local = tmpl::Value::MakeDict();
  tmpl::Dict& d = local.AsDict();
  for (const auto& [k, v] : shared.AsDict().items()) d.Set(k, v);
  for (const auto& [k, v] : extra) d.Set(tmpl::Value(k), v);
  if (relative_urls) d.Set(tmpl::Value("SITEURL"), tmpl::Value(local_siteurl));
  d.Set(tmpl::Value("localsiteurl"), tmpl::Value(local_siteurl));
  d.Set(tmpl::Value("output_file"), tmpl::Value(name));
  for (const auto& [k, v] : kwargs) d.Set(tmpl::Value(k), v);
  return local;
}

// A render job for `name` once the file is claimed.
void Writer::AddJob(const std::string& name, const WriteRequest& r, const tmpl::Value& context,
                    const std::vector<std::pair<std::string, tmpl::Value>>& kwargs) {
  std::string full = content::NormPath(site_->output_path + "/" + name);
  if (!Claim(full, r.override_output)) return;
  std::string local_siteurl = r.relative_urls ? RelativePathToRoot(name) : SettingText(*site_->settings, "SITEURL");
  jobs_.push_back({name, r.template_name, context, r.context_extra, kwargs, r.relative_urls, local_siteurl});
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
    AddJob(r.name, r, context, r.kwargs);
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
    AddJob(save_as, r, context, kwargs);
  }
}

// Renders the jobs and writes the feeds on `threads` workers (feeds first:
// they are the longest tasks), each worker with its own template
// environment; each file is written atomically when its content changed.
// A template error is reported (with its template, line and column) and the
// file skipped; the build goes on.
int Writer::RenderAll(int threads) {
  std::vector<std::unique_ptr<tmpl::Environment>> envs(std::max(1, threads));
  size_t feeds = feed_jobs_.size(), total = feeds + jobs_.size();
  std::vector<std::string> errors(total);
  std::vector<WriteOutcome> outcomes(total, WriteOutcome::kFailed);
  // A file claimed again with override_output is written by its last job
  // only (Pelican writes it twice, the last write wins).
  std::vector<std::string> paths(total);
  std::unordered_map<std::string, size_t> last_job;
  for (size_t i = 0; i < total; ++i) {
    paths[i] = i < feeds ? feed_jobs_[i].full_path : content::NormPath(site_->output_path + "/" + jobs_[i - feeds].name);
    last_job[paths[i]] = i;
  }
  ProgressFor("rendering", total, threads, [&](size_t worker, size_t i) {
    std::string full = paths[i], data, error;
    if (last_job.at(full) != i) {
      outcomes[i] = WriteOutcome::kWritten;
      return;
    }
    if (i < feeds) {
      outcomes[i] = WriteFeedFile(feed_jobs_[i], full, &error);
    } else {
      if (!envs[worker]) envs[worker] = MakeEnvironment(*site_, worker == 0 ? site_->messages : nullptr);
      const RenderJob& job = jobs_[i - feeds];
      Site::local_siteurl = job.local_siteurl;
      tmpl::RenderResult result = envs[worker]->Render(job.template_name, job.Context());
      if (!result.ok) {
        errors[i] = result.error.formatted;
        return;
      }
      data = std::move(result.output);
      outcomes[i] = WriteIfChanged(full, data, &error);
    }
    if (outcomes[i] == WriteOutcome::kFailed) errors[i] = full + ": error: cannot write: " + error;
    else Log(LogLevel::kInfo, "Writing " + full);
  });
  int count = 0;
  for (size_t i = 0; i < total; ++i) {
    unchanged_ += outcomes[i] == WriteOutcome::kUnchanged;
    if (outcomes[i] != WriteOutcome::kFailed) (i < feeds ? feeds_written_ : count) += 1;
    if (errors[i].empty()) continue;
    if (i < feeds) {
      site_->messages->Error(errors[i]);
      continue;
    }
    ++failed_;
    std::string text = errors[i];
    while (!text.empty() && text.back() == '\n') text.pop_back();
    site_->messages->Error(text + "\n  (while writing " + jobs_[i - feeds].name + "; file skipped)");
  }
  return count;
}

}  // namespace stacks::site
