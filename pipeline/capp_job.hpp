#pragma once
// What happens to one CApp: read it, check it, run the transforms on its entries (and on nested
// CApps under dependencies/), repack it, hash it, write it. Failures become the record's status.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/diagnostics.hpp"
#include "pipeline/options.hpp"
#include "pipeline/transform.hpp"

namespace carport {

/// One CApp found by the scan stage.
struct CappInput {
  std::string path;               ///< where to read it, and how diagnostics and the manifest name it
  std::string output_relative;    ///< path under the output folder, '/'-separated
  std::string collision_with;     ///< non-empty: another input already claims output_relative
};

enum class CappStatus { migrated, unchanged, failed };
[[nodiscard]] const char* status_name(CappStatus status);

struct RewrittenEntry {
  std::string entry;          ///< nested archives: "dependencies/b.car!dir/file.xml"
  std::string transform;      ///< the transform that changed it ("nested-capp" for a repacked inner CApp)
  std::string sha256_before;
  std::string sha256_after;
  std::uint64_t size_before = 0;
  std::uint64_t size_after = 0;
};

/// Everything the manifest says about one CApp.
struct CappRecord {
  std::string input;              ///< CappInput::path
  std::string output;             ///< output_relative, empty when failed
  CappStatus status = CappStatus::failed;
  std::string reason;             ///< why it failed (the error line's location + message)
  std::string input_sha256;
  std::uint64_t input_size = 0;
  std::string output_sha256;
  std::uint64_t output_size = 0;
  std::uint64_t entries = 0;
  std::uint64_t entries_read = 0;
  std::vector<RewrittenEntry> rewritten;
  std::vector<Diagnostic> diagnostics;  ///< in entry order; reported by the serial stage
};

/// Marks the record failed: status, the manifest reason ("path(entry): message") and one error line.
void mark_failed(CappRecord& record, std::string entry, std::string message);

/// The work item flowing through the pipeline; bytes are dropped as soon as they are written.
struct CappWork {
  const CappInput* input = nullptr;
  CappRecord record;
  std::string input_bytes;
  std::string output_bytes;  ///< empty when the output is the input unchanged
  std::atomic<unsigned> hand_off{0};  ///< release/acquire between pipeline filters (see process_capps)
};

/// Read stage: the file's bytes (size-capped) and their hash.
void read_capp(CappWork& work, const ArchiveLimits& limits);
/// Transform stage: check the archive, run the transforms, repack if anything changed.
void transform_capp(CappWork& work, const std::vector<std::unique_ptr<Transform>>& transforms,
                    const ArchiveLimits& limits);
/// Write stage: atomic write under output_dir (skipped for dry runs); frees the bytes.
void write_capp(CappWork& work, const std::filesystem::path& output_dir, bool dry_run);

/// Result of migrating one archive held in memory (also used for nested CApps).
struct ArchiveMigration {
  bool failed = false;
  std::string failed_entry;   ///< where the failure is, "" for the archive itself
  std::string failure;        ///< one-line reason
  std::string new_bytes;      ///< empty when nothing changed
  std::uint64_t entries = 0;
  std::uint64_t entries_read = 0;
  std::vector<RewrittenEntry> rewritten;
  std::vector<Diagnostic> notes;  ///< path left empty; entry and line:col filled
};

/// Migrates one archive in memory. depth is 0 for a top-level CApp.
[[nodiscard]] ArchiveMigration migrate_archive(std::string_view bytes,
                                               const std::vector<std::unique_ptr<Transform>>& transforms,
                                               const ArchiveLimits& limits, unsigned depth);

}  // namespace carport
