#pragma once
// The one interface every CApp transform implements. A transform sees one archive entry at a
// time (name + uncompressed bytes) and answers with a value; it never throws and never does I/O.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/options.hpp"

namespace carport {

/// What a transform decided about one entry.
enum class EntryVerdict {
  not_applicable,  ///< not this transform's kind of file: say nothing
  unchanged,       ///< this transform's kind of file, already fine (e.g. "already migrated")
  rewritten,       ///< new_bytes replaces the entry's content
  skipped,         ///< this transform's kind of file, but it cannot safely act (note says why)
};

/// A finding inside an entry, with a 1-based position in the entry's text (0 = unknown).
struct EntryNote {
  bool is_warning = true;  ///< warning, else note
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

struct EntryOutcome {
  EntryVerdict verdict = EntryVerdict::not_applicable;
  std::string new_bytes;          ///< only for EntryVerdict::rewritten
  std::vector<EntryNote> notes;   ///< reported as "path(entry):line:col: message"
  /// The entry makes the whole CApp unacceptable (e.g. an invalid API definition under
  /// --fail-on-invalid-api): the CApp is marked failed with fail_reason and nothing is written.
  bool fails_archive = false;
  std::string fail_reason;
};

class Transform {
 public:
  virtual ~Transform() = default;
  /// Stable identifier recorded in the manifest, e.g. "datamapper-xslt".
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Cheap name-only filter; apply() is called only for entries where this is true.
  [[nodiscard]] virtual bool wants(std::string_view entry_name) const = 0;
  /// Decide about one entry. Must not throw; must be safe to call concurrently.
  [[nodiscard]] virtual EntryOutcome apply(std::string_view entry_name, std::string_view bytes) const = 0;
};

/// The transforms `carport capps` applies, in order. Registered in transform_registry.cpp.
[[nodiscard]] std::vector<std::unique_ptr<Transform>> default_capp_transforms(const TransformSettings& settings = {});

}  // namespace carport
