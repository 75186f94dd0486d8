// Python-Markdown's priority registry: items with a name and a priority,
// read in descending priority; equal priorities keep registration order.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stacks::markdown {

template <typename T>
class Registry {
 public:
  /// Adds `item`; an item already registered under `name` is replaced (and
  /// the new one sorted by its own priority).
  T* Register(std::unique_ptr<T> item, std::string name, double priority) {
    Deregister(name);
    T* raw = item.get();
    entries_.push_back({std::move(name), priority, std::move(item)});
    sorted_ = false;
    ++generation_;
    return raw;
  }
  bool Deregister(std::string_view name) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->name == name) {
        entries_.erase(it);
        ++generation_;
        return true;
      }
    }
    return false;
  }
  T* Get(std::string_view name) const {
    for (const auto& e : entries_)
      if (e.name == name) return e.item.get();
    return nullptr;
  }
  bool Contains(std::string_view name) const { return Get(name) != nullptr; }
  /// Position of `name` in priority order, or -1.
  int IndexOf(std::string_view name) {
    Sort();
    for (size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].name == name) return static_cast<int>(i);
    return -1;
  }
  /// The items in priority order (a snapshot; safe against re-registration).
  std::vector<T*> Items() {
    Sort();
    std::vector<T*> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_) out.push_back(e.item.get());
    return out;
  }
  /// Items() written into `out` (its storage is reused: no allocation once
  /// it is large enough).
  void ItemsInto(std::vector<T*>& out) {
    Sort();
    out.clear();
    out.reserve(entries_.size());
    for (const auto& e : entries_) out.push_back(e.item.get());
  }
  size_t size() const { return entries_.size(); }
  /// Changes whenever an item is registered or removed: a snapshot taken
  /// at the same generation is still current.
  unsigned long generation() const { return generation_; }

 private:
  struct Entry {
    std::string name;
    double priority;
    std::unique_ptr<T> item;
  };
  void Sort() {
    if (sorted_) return;
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.priority > b.priority; });
    sorted_ = true;
  }
  std::vector<Entry> entries_;
  bool sorted_ = true;
  unsigned long generation_ = 0;
};

}  // namespace stacks::markdown
