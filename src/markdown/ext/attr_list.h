// The attribute-list syntax `{: #id .class key="value" }` shared by the
// attr_list and fenced_code extensions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacks::markdown {

/// Python attr_list's `get_attrs`: the (key, value) pairs of an attribute
/// list. `.cls` gives (".", "cls"), `#id` gives ("id", "id"), a bare word
/// gives (word, word); scanning stops at the first character no rule takes.
std::vector<std::pair<std::string, std::string>> ParseAttrList(std::string_view text);

}  // namespace stacks::markdown
