#include "base/base.h"

namespace stacks {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

LineCol LineColAt(std::string_view source, size_t offset) {
  if (offset > source.size()) offset = source.size();
  LineCol lc;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++lc.line;
      line_start = i + 1;
    }
  }
  lc.col = CountCodePoints(source.substr(line_start, offset - line_start)) + 1;
  return lc;
}

// The line is printed as it is (tabs kept, so the caret line copies them and
// lines up in a terminal); the caret sits under the offending code point.
std::string FormatDiagnostic(const Diagnostic& d, std::string_view source) {
  size_t offset = std::min(d.offset, source.size());
  LineCol lc = LineColAt(source, offset);
  std::string out = d.path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": " +
                    SeverityName(d.severity) + ": " + d.message + "\n";
  size_t begin = source.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  if (offset > 0 && source[offset - 1] == '\n') begin = offset;
  size_t end = source.find('\n', offset);
  if (end == std::string_view::npos) end = source.size();
  std::string_view line = source.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  out.append(line);
  out.push_back('\n');
  for (size_t i = begin; i < offset && i < begin + line.size(); ++i) {
    unsigned char c = source[i];
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: same column
    out.push_back(c == '\t' ? '\t' : ' ');
  }
  out.append("^\n");
  return out;
}

}  // namespace stacks
