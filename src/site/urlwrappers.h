// site/urlwrappers: pelican.urlwrappers' Category, Tag and Author. A wrapper
// is a name with a slug (Pelican's slugify with the kind's substitutions)
// and the URL/SAVE_AS its *_URL / *_SAVE_AS settings give it. Wrappers of
// one kind are equal, ordered and hashed by slug, as Pelican's are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "site/settings.h"

namespace stacks::site {

enum class UrlWrapperKind { kCategory, kTag, kAuthor };

class UrlWrapper {
 public:
  /// `settings` must outlive the wrapper. A Tag's name is stripped of
  /// surrounding whitespace, as Pelican's Tag does.
  UrlWrapper(UrlWrapperKind kind, std::string name, const Settings* settings);

  UrlWrapperKind kind() const { return kind_; }
  const std::string& name() const { return name_; }
  /// Renaming recomputes the slug unless it was set explicitly.
  void set_name(std::string name);
  const std::string& slug() const { return slug_; }
  void set_slug(std::string slug);

  /// KIND_URL / KIND_SAVE_AS with `{name}` and `{slug}` filled in; empty
  /// when the setting is not a string (Pelican warns and returns it as is).
  std::string url() const { return FromSettings("URL", false); }
  std::string save_as() const { return FromSettings("SAVE_AS", false); }
  /// KIND_URL without its extension, filled in (used for pagination).
  std::string page_name() const { return FromSettings("URL", true); }

  /// Pelican's __eq__/__lt__: same kind compares slugs; different kinds are
  /// never equal nor less.
  bool operator==(const UrlWrapper& other) const { return kind_ == other.kind_ && slug_ == other.slug_; }
  bool operator<(const UrlWrapper& other) const { return kind_ == other.kind_ && slug_ < other.slug_; }
  /// Comparison with a string compares with the string's slug.
  bool Equals(std::string_view text) const;
  bool Less(std::string_view text) const;
  size_t Hash() const;

  /// "Category", "Tag" or "Author" (for repr and setting names).
  std::string_view ClassName() const;

 private:
  std::string Slugify(std::string_view text) const;
  std::string FromSettings(const char* key, bool page_name) const;

  UrlWrapperKind kind_;
  const Settings* settings_;
  std::string name_;
  std::string slug_;
  bool slug_from_name_ = true;
};

struct UrlWrapperHash {
  size_t operator()(const UrlWrapper& w) const { return w.Hash(); }
};

}  // namespace stacks::site
