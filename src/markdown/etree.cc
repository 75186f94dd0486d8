#include "markdown/etree.h"

#include <algorithm>

namespace stacks::markdown {

namespace {
const std::string kEmpty;

// A conversion makes and frees thousands of elements, a size the general
// allocator serves slowly. Freed element blocks are kept on a per-thread
// list threaded through the blocks themselves and handed out again first;
// the list is bounded, and freed with the thread. `t_cache_gone` (no
// destructor, so valid until the thread ends) marks that the list is
// gone: elements freed later go straight back to the allocator.
thread_local bool t_cache_gone = false;

struct FreedElements {
  struct Node {
    Node* next;
  };
  static constexpr size_t kMaxKept = 4096;
  Node* head = nullptr;
  size_t count = 0;
  ~FreedElements() {
    t_cache_gone = true;
    while (head) {
      Node* next = head->next;
      ::operator delete(head);
      head = next;
    }
  }
};
thread_local FreedElements t_freed;

}  // namespace

void* Element::operator new(size_t size) {
  if (size == sizeof(Element) && !t_cache_gone && t_freed.head) {
    FreedElements::Node* node = t_freed.head;
    t_freed.head = node->next;
    --t_freed.count;
    return node;
  }
  return ::operator new(size);
}

void Element::operator delete(void* p, size_t size) noexcept {
  if (p == nullptr) return;
  if (size == sizeof(Element) && !t_cache_gone && t_freed.count < FreedElements::kMaxKept) {
    auto* node = static_cast<FreedElements::Node*>(p);
    node->next = t_freed.head;
    t_freed.head = node;
    ++t_freed.count;
    return;
  }
  ::operator delete(p);
}

// Children are moved onto an explicit stack before they are destroyed, so
// each destructor call sees a childless element: no recursion.
Element::~Element() {
  std::vector<ElementPtr> pending;
  for (auto& c : children) pending.push_back(std::move(c));
  children.clear();
  while (!pending.empty()) {
    ElementPtr el = std::move(pending.back());
    pending.pop_back();
    for (auto& c : el->children) pending.push_back(std::move(c));
    el->children.clear();
  }
}

// Depth-first walk with an explicit stack of (element, depth).
size_t TreeDepth(const Element& root) {
  size_t deepest = 0;
  std::vector<std::pair<const Element*, size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [el, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    for (const auto& c : el->children) stack.push_back({c.get(), depth + 1});
  }
  return deepest;
}

bool PruneDeeperThan(Element& root, size_t max_depth) {
  bool pruned = false;
  std::vector<std::pair<Element*, size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [el, depth] = stack.back();
    stack.pop_back();
    if (depth >= max_depth && !el->children.empty()) {
      el->children.clear();
      pruned = true;
      continue;
    }
    for (const auto& c : el->children) stack.push_back({c.get(), depth + 1});
  }
  return pruned;
}

const std::string* Element::Get(std::string_view key) const {
  for (const auto& [k, v] : attrib)
    if (k == key) return &v;
  return nullptr;
}

std::string Element::GetOr(std::string_view key, std::string_view fallback) const {
  const std::string* v = Get(key);
  return v ? *v : std::string(fallback);
}

void Element::Set(std::string_view key, std::string_view value) {
  for (auto& [k, v] : attrib) {
    if (k == key) {
      v = value;
      return;
    }
  }
  // Elements with attributes mostly have one or two: room for two at once.
  if (attrib.capacity() == 0) attrib.reserve(2);
  attrib.emplace_back(key, value);
}

void Element::RemoveAttribute(std::string_view key) {
  for (auto it = attrib.begin(); it != attrib.end(); ++it) {
    if (it->first == key) {
      attrib.erase(it);
      return;
    }
  }
}

// A first child gets room for three: malloc's smallest block holds three
// pointers anyway, and this saves two reallocations for the second and third.
static constexpr size_t kFirstChildrenRoom = 3;

Element* Element::Append(ElementPtr child) {
  if (children.capacity() == 0) children.reserve(kFirstChildrenRoom);
  children.push_back(std::move(child));
  return children.back().get();
}

Element* Element::Insert(size_t index, ElementPtr child) {
  if (index > children.size()) index = children.size();
  if (children.capacity() == 0) children.reserve(kFirstChildrenRoom);
  auto it = children.insert(children.begin() + static_cast<std::ptrdiff_t>(index), std::move(child));
  return it->get();
}

Element* Element::SubElement(std::string tag) { return Append(MakeElement(std::move(tag))); }

ElementPtr Element::Remove(const Element* child) {
  size_t i = IndexOf(child);
  if (i == std::string::npos) return nullptr;
  ElementPtr out = std::move(children[i]);
  children.erase(children.begin() + static_cast<std::ptrdiff_t>(i));
  return out;
}

size_t Element::IndexOf(const Element* child) const {
  for (size_t i = 0; i < children.size(); ++i)
    if (children[i].get() == child) return i;
  return std::string::npos;
}

void Element::Iter(const std::function<void(Element*)>& visit) {
  visit(this);
  for (size_t i = 0; i < children.size(); ++i) children[i]->Iter(visit);
}

std::vector<Element*> Element::IterTag(std::string_view wanted) {
  std::vector<Element*> out;
  Walk([&](Element* e) {
    if (e->kind == Kind::kElement && e->tag == wanted) out.push_back(e);
  });
  return out;
}

ElementPtr Element::Clone() const {
  auto copy = std::make_unique<Element>(tag, kind);
  copy->attrib = attrib;
  copy->text = text;
  copy->tail = tail;
  copy->text_atomic = text_atomic;
  copy->tail_atomic = tail_atomic;
  for (const auto& c : children) copy->children.push_back(c->Clone());
  return copy;
}

const std::string& Element::TextOrEmpty() const { return text ? *text : kEmpty; }
const std::string& Element::TailOrEmpty() const { return tail ? *tail : kEmpty; }

static void AppendItertext(const Element& el, std::string& out) {
  if (el.kind != Element::Kind::kElement) return;  // itertext skips comments and PIs
  if (el.text) out += *el.text;
  for (const auto& c : el.children) {
    AppendItertext(*c, out);
    if (c->tail) out += *c->tail;
  }
}

std::string ItertextJoin(const Element& el) {
  std::string out;
  AppendItertext(el, out);
  return out;
}

}  // namespace stacks::markdown
