// tidy_normalize: the whitespace normalization Python-Markdown's legacy test
// runner applies to the `php` and `pl` conformance folders before comparing.
#pragma once

#include <string>
#include <string_view>

namespace stacks::markdown::testing {

/// Passes an HTML fragment through libtidy with the options the upstream
/// runner gives pytidylib's tidy_fragment (its defaults plus the test's), and
/// returns the body's contents with surrounding whitespace stripped.
std::string TidyNormalize(std::string_view html);

}  // namespace stacks::markdown::testing
