#include "pipeline/diagnostics.hpp"

namespace carport {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::string Diagnostic::location_and_message() const {
  std::string out = path;
  if (!entry.empty()) out += "(" + entry + ")";
  if (line != 0) {
    out += ":" + std::to_string(line);
    if (column != 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  out += message;
  return out;
}

std::string Diagnostic::to_line() const {
  return std::string("carport: ") + severity_name(severity) + ": " + location_and_message();
}

}  // namespace carport
