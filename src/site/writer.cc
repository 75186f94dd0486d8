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

namespace {

// What the feed writer reads from one content object: its content and
// summary resolved against SITEURL.
FeedEntry EntryOf(const ContentObject& o, const Site& site, const std::string& siteurl) {
  FeedEntry e;
  e.title = o.item.title;
  e.url = o.url;
  e.content = o.Content(site, siteurl);
  e.summary = o.Summary(site, siteurl);
  if (o.item.date) e.date = *o.item.date;
  e.modified = o.item.modified;
  if (o.category) e.category = o.category->name();
  for (const UrlWrapper& t : o.tags) e.tags.push_back(t.name());
  if (o.has_author) e.author = o.authors[0].name();
  return e;
}

WriteOutcome OutcomeOf(FileUpdater::Outcome outcome) {
  switch (outcome) {
    case FileUpdater::Outcome::kWritten: return WriteOutcome::kWritten;
    case FileUpdater::Outcome::kUnchanged: return WriteOutcome::kUnchanged;
    case FileUpdater::Outcome::kFailed: break;
  }
  return WriteOutcome::kFailed;
}

}  // namespace

// Writes the feed of the items (at most FEED_MAX_ITEMS, their content
// resolved against SITEURL) to `path` as it is made, a megabyte at a time:
// the file is replaced only when its bytes change.
WriteOutcome Writer::WriteFeedFile(const FeedJob& job, const std::string& path, std::string* error) const {
  const Settings& settings = *site_->settings;
  FeedOptions options = FeedOptionsFromSettings(settings, job.kind, job.path, job.url, job.title);
  std::string siteurl = SettingText(settings, "SITEURL");
  std::vector<FeedEntry> entries;
  size_t max = FeedEntryCount(job.items.size(), options);
  entries.reserve(max);
  for (size_t i = 0; i < max; ++i) entries.push_back(EntryOf(*job.items[i], *site_, siteurl));
  options.max_items = 0;
  FileUpdater file(path);
  site::WriteFeed(entries, options, [&](std::string_view piece) { file.Append(piece); });
  return OutcomeOf(file.Finish(error));
}

// ---- feeds written side by side ----------------------------------------------------
//
// The same article is an entry of many feeds (both all-articles feeds, its
// category's, each of its tags'), and its entry's bytes do not depend on
// the feed (feeds.h). So a group of feeds is written side by side in one
// pass over the articles, in the order of the longest feed: each article's
// entry is made once and appended to every feed of the group that holds
// it. This needs each feed's items in that same order (a subsequence of
// the longest feed); other feeds are written on their own.

namespace {

constexpr size_t kMaxFeedsOpen = 128;     // per group: two descriptors each
constexpr size_t kFeedFlush = 16 * 1024;  // bytes buffered per feed

// Each item's place in the longest feed.
std::unordered_map<const ContentObject*, size_t> FeedRanks(const std::vector<FeedJob>& jobs) {
  const FeedJob* longest = nullptr;
  for (const FeedJob& job : jobs)
    if (!longest || job.items.size() > longest->items.size()) longest = &job;
  std::unordered_map<const ContentObject*, size_t> ranks;
  if (!longest) return ranks;
  ranks.reserve(longest->items.size());
  for (size_t i = 0; i < longest->items.size(); ++i) ranks.emplace(longest->items[i], i);
  return ranks;
}

// Whether the first `count` items all have ranks, strictly increasing.
bool InRankOrder(const ContentList& items, size_t count, const std::unordered_map<const ContentObject*, size_t>& ranks) {
  size_t next = 0;
  for (size_t i = 0; i < count; ++i) {
    auto it = ranks.find(items[i]);
    if (it == ranks.end() || it->second < next) return false;
    next = it->second + 1;
  }
  return true;
}

// Splits the feeds into groups of at most kMaxFeedsOpen, at least
// `threads` of them, balanced by the size of their entries' contents: the
// largest feed first, each onto the lightest group so far.
std::vector<std::vector<size_t>> SplitFeeds(const std::vector<size_t>& feeds, const std::vector<size_t>& weights,
                                            int threads) {
  size_t groups = std::max<size_t>(std::max(1, threads), (feeds.size() + kMaxFeedsOpen - 1) / kMaxFeedsOpen);
  groups = std::min(groups, feeds.size());
  std::vector<std::vector<size_t>> out(groups);
  std::vector<size_t> load(groups, 0), order(feeds.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weights[a] > weights[b]; });
  for (size_t k : order) {
    size_t best = groups;
    for (size_t g = 0; g < groups; ++g)
      if (out[g].size() < kMaxFeedsOpen && (best == groups || load[g] < load[best])) best = g;
    if (best == groups) {  // every group full: one more
      out.emplace_back();
      load.push_back(0);
      best = out.size() - 1;
    }
    out[best].push_back(feeds[k]);
    load[best] += weights[k];
  }
  for (std::vector<size_t>& g : out) std::sort(g.begin(), g.end());
  return out;
}

// One feed of a group while it is written.
struct OpenFeed {
  const FeedJob* job = nullptr;
  FeedOptions options;
  size_t count = 0;        // entries it holds
  size_t entry_class = 0;  // the first feed of the group whose entries have the same bytes
  std::unique_ptr<FileUpdater> file;
  std::string buffer;

  void Flush() {
    file->Append(buffer);
    buffer.clear();
  }
  // Small entries are gathered into a buffer of about kFeedFlush bytes,
  // long ones go to the file at once (so buffers stay small).
  void Add(std::string_view bytes) {
    if (buffer.size() + bytes.size() >= kFeedFlush) {
      Flush();
      if (bytes.size() >= kFeedFlush) return file->Append(bytes);
    }
    buffer += bytes;
  }
};

}  // namespace

void Writer::WriteFeedGroup(const std::vector<size_t>& group, const std::unordered_map<const ContentObject*, size_t>& ranks,
                            const std::vector<std::string>& paths, std::vector<WriteOutcome>* outcomes,
                            std::vector<std::string>* errors) const {
  const Settings& settings = *site_->settings;
  std::string siteurl = SettingText(settings, "SITEURL");
  std::vector<OpenFeed> feeds(group.size());
  std::vector<std::vector<uint32_t>> holders;  // by rank: the feeds that hold that item
  for (size_t f = 0; f < group.size(); ++f) {
    OpenFeed& feed = feeds[f];
    feed.job = &feed_jobs_[group[f]];
    feed.options = FeedOptionsFromSettings(settings, feed.job->kind, feed.job->path, feed.job->url, feed.job->title);
    feed.count = FeedEntryCount(feed.job->items.size(), feed.options);
    feed.entry_class = f;
    for (size_t g = 0; g < f; ++g)
      if (SameFeedEntries(feeds[g].options, feed.options)) {
        feed.entry_class = g;
        break;
      }
    std::vector<FeedEntry> dates(feed.count);  // the head reads the entries' dates only
    for (size_t i = 0; i < feed.count; ++i) {
      const content::Item& item = feed.job->items[i]->item;
      if (item.date) dates[i].date = *item.date;
      dates[i].modified = item.modified;
      size_t rank = ranks.at(feed.job->items[i]);
      if (holders.size() <= rank) holders.resize(rank + 1);
      holders[rank].push_back(static_cast<uint32_t>(f));
    }
    feed.file = std::make_unique<FileUpdater>(paths[group[f]]);
    feed.buffer = FeedHead(dates, feed.options);
  }
  std::vector<const ContentObject*> by_rank(holders.size());
  for (const OpenFeed& feed : feeds)
    for (size_t i = 0; i < feed.count; ++i) by_rank[ranks.at(feed.job->items[i])] = feed.job->items[i];
  std::string bytes;
  for (size_t rank = 0; rank < holders.size(); ++rank) {
    if (holders[rank].empty()) continue;
    FeedEntry entry = EntryOf(*by_rank[rank], *site_, siteurl);
    size_t made_for = feeds.size();  // the entry class `bytes` holds
    for (uint32_t f : holders[rank]) {
      OpenFeed& feed = feeds[f];
      if (feed.entry_class != made_for) {
        bytes.clear();
        AppendFeedEntry(bytes, entry, feed.options);
        made_for = feed.entry_class;
      }
      feed.Add(bytes);
    }
  }
  for (size_t f = 0; f < feeds.size(); ++f) {
    OpenFeed& feed = feeds[f];
    feed.buffer += FeedTail(feed.options);
    feed.Flush();
    std::string error;
    (*outcomes)[group[f]] = OutcomeOf(feed.file->Finish(&error));
    if ((*outcomes)[group[f]] == WriteOutcome::kFailed)
      (*errors)[group[f]] = paths[group[f]] + ": error: cannot write: " + error;
    else
      Log(LogLevel::kInfo, "Writing " + paths[group[f]]);
  }
}

// Compares before writing: same size and same bytes mean the file stays.
WriteOutcome WriteIfChanged(const std::string& path, std::string_view data, std::string* error) {
  if (FileHasContent(path, data)) return WriteOutcome::kUnchanged;
  return WriteFileAtomic(path, data, error) ? WriteOutcome::kWritten : WriteOutcome::kFailed;
}

// The shared context is copied whole (its items and index at once, the
// values themselves shared), then the file's own variables are set.
tmpl::Value RenderJob::Context() const {
  tmpl::Value local = tmpl::Value::MakeDict(std::make_shared<tmpl::Dict>(shared.AsDict()));
  tmpl::Dict& d = local.AsDict();
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
// they are the longest tasks; those that can be, in groups written side by
// side), each worker with its own template environment; each file is
// written atomically when its content changed. A template error is
// reported (with its template, line and column) and the file skipped; the
// build goes on.
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
  // The tasks: groups of feeds, then single feeds, then pages.
  std::unordered_map<const ContentObject*, size_t> ranks = FeedRanks(feed_jobs_);
  std::vector<size_t> side_by_side, weights, single;
  for (size_t i = 0; i < feeds; ++i) {
    if (last_job.at(paths[i]) != i) {
      outcomes[i] = WriteOutcome::kWritten;
      continue;
    }
    const FeedJob& job = feed_jobs_[i];
    FeedOptions options = FeedOptionsFromSettings(*site_->settings, job.kind, job.path, job.url, job.title);
    size_t count = FeedEntryCount(job.items.size(), options);
    if (!InRankOrder(job.items, count, ranks)) {
      single.push_back(i);
      continue;
    }
    size_t weight = 1;
    for (size_t k = 0; k < count; ++k) weight += job.items[k]->item.raw_content.size();
    side_by_side.push_back(i);
    weights.push_back(weight);
  }
  std::vector<std::vector<size_t>> groups = SplitFeeds(side_by_side, weights, threads);
  size_t tasks = groups.size() + single.size() + jobs_.size();
  ProgressFor("rendering", tasks, threads, [&](size_t worker, size_t task) {
    if (task < groups.size()) {
      WriteFeedGroup(groups[task], ranks, paths, &outcomes, &errors);
      return;
    }
    task -= groups.size();
    size_t i = task < single.size() ? single[task] : feeds + (task - single.size());
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
