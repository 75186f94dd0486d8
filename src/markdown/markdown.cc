#include "markdown/markdown.h"

#include "markdown/blockparser.h"
#include "markdown/core.h"

namespace stacks::markdown {

struct Converter::Impl {
  explicit Impl(const Options& options) : md(options) {}
  Markdown md;
};

Converter::Converter(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
Converter::~Converter() = default;

const std::vector<std::string>& Converter::errors() const {
  return impl_->md.construction_errors();
}

bool Converter::DeregisterPreprocessor(std::string_view name) {
  return impl_->md.preprocessors.Deregister(name);
}

Result Converter::Convert(std::string_view source) {
  Result result;
  result.errors = impl_->md.construction_errors();
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);
  impl_->md.Reset();
  impl_->md.result = &result;
  try {
    result.html = impl_->md.Convert(source);
  } catch (const RecursionError& e) {
    // Where Python-Markdown dies of RecursionError the document has no
    // output; Pelican logs the error and skips the file.
    result.html.clear();
    result.failed = true;
    result.errors.push_back(std::string("RecursionError: ") + e.what() +
                            " (the document nests too deeply)");
  }
  impl_->md.result = nullptr;
  return result;
}

Result Convert(std::string_view source, const Options& options) {
  Converter converter(options);
  return converter.Convert(source);
}

}  // namespace stacks::markdown
