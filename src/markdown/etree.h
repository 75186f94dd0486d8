// The document tree Python-Markdown builds: an ElementTree-like element with
// a tag, ordered attributes, `text` (before the first child) and `tail`
// (after the element, inside its parent). Python distinguishes a missing text
// (None) from an empty one (''), so both are std::optional.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacks::markdown {

class Element;
using ElementPtr = std::unique_ptr<Element>;

class Element {
 public:
  enum class Kind { kElement, kComment, kProcessingInstruction };

  explicit Element(std::string tag, Kind kind = Kind::kElement) : tag(std::move(tag)), kind(kind) {}
  /// Frees the subtree without recursion, so any depth is safe.
  ~Element();
  Element(const Element&) = delete;
  Element& operator=(const Element&) = delete;

  /// Elements come from a per-thread cache of freed ones (see etree.cc).
  static void* operator new(size_t size);
  static void operator delete(void* p, size_t size) noexcept;

  std::string tag;
  Kind kind;
  std::vector<std::pair<std::string, std::string>> attrib;
  std::optional<std::string> text;
  std::optional<std::string> tail;
  /// AtomicString: text/tail that inline patterns must leave alone.
  bool text_atomic = false;
  bool tail_atomic = false;
  std::vector<ElementPtr> children;

  // Attributes.
  const std::string* Get(std::string_view key) const;
  std::string GetOr(std::string_view key, std::string_view fallback = "") const;
  void Set(std::string_view key, std::string_view value);
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  void RemoveAttribute(std::string_view key);

  // Children.
  size_t size() const { return children.size(); }
  bool empty() const { return children.empty(); }
  Element* operator[](size_t i) const { return children[i].get(); }
  Element* Last() const { return children.empty() ? nullptr : children.back().get(); }
  Element* Append(ElementPtr child);
  Element* Insert(size_t index, ElementPtr child);
  /// Python `etree.SubElement(self, tag)`.
  Element* SubElement(std::string tag);
  /// Detaches `child` and hands it back; null when it is not a child.
  ElementPtr Remove(const Element* child);
  /// Index of `child`, or npos.
  size_t IndexOf(const Element* child) const;

  /// Python `el.iter()`: this element and every descendant, in document order.
  void Iter(const std::function<void(Element*)>& visit);
  /// Iter with the visitor inlined (no std::function call per element).
  /// Children are read by index, so ones the visitor adds are visited too.
  template <typename Visit>
  void Walk(Visit&& visit) {
    visit(this);
    for (size_t i = 0; i < children.size(); ++i) children[i]->Walk(visit);
  }
  /// Python `el.iter(tag)`, collected (safe to modify the tree afterwards).
  std::vector<Element*> IterTag(std::string_view tag);

  /// Deep copy.
  ElementPtr Clone() const;

  // Convenience for Python's `el.text or ''`.
  const std::string& TextOrEmpty() const;
  const std::string& TailOrEmpty() const;
};

inline ElementPtr MakeElement(std::string tag) { return std::make_unique<Element>(std::move(tag)); }

/// Depth of the tree below `root` (1 for a leaf), measured without recursion.
size_t TreeDepth(const Element& root);
/// Drops every element deeper than `max_depth` below `root`; returns whether
/// anything was dropped. The engine uses it to keep recursive steps bounded.
bool PruneDeeperThan(Element& root, size_t max_depth);

/// Python `''.join(el.itertext())`: all text below `el`, tails included but
/// not the tail of `el` itself.
std::string ItertextJoin(const Element& el);

}  // namespace stacks::markdown
