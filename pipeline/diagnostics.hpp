#pragma once
// One diagnostic = one line with a stable address: path(entry):line:col: message.

#include <cstdint>
#include <string>
#include <vector>

namespace carport {

enum class Severity { note, warning, error };

/// A single finding about one input. Line and column are 1-based; 0 means "not known".
struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;     ///< the input file as the user named it (or as discovered under a folder)
  std::string entry;    ///< archive entry name, empty for the file itself; nested archives use "a.car!b.xml"
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;

  /// "path(entry):line:col: message" -- the part after "carport: <severity>: ".
  [[nodiscard]] std::string location_and_message() const;
  /// The full line: "carport: error: path(entry):line:col: message".
  [[nodiscard]] std::string to_line() const;
};

[[nodiscard]] const char* severity_name(Severity severity);

/// Where the core sends diagnostics. The core never prints; the CLI decides how.
/// Implementations must be thread-safe: stages report from TBB worker threads.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void report(const Diagnostic& diagnostic) = 0;
};

/// Collects diagnostics in memory (tests, and per-item buffering before ordered output).
class CollectingReporter final : public Reporter {
 public:
  void report(const Diagnostic& diagnostic) override { diagnostics.push_back(diagnostic); }
  std::vector<Diagnostic> diagnostics;
};

}  // namespace carport
