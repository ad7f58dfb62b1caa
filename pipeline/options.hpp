#pragma once
// Plain settings filled by the CLI (or by tests); the core never parses argv.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace carport {

/// Caps that keep hostile archives from exhausting memory, disk or time.
struct ArchiveLimits {
  std::uint64_t max_archive_bytes = 512ull << 20;           ///< size of one .car on disk
  std::uint64_t max_entries = 65'536;                       ///< entries in one archive
  std::uint64_t max_total_uncompressed = 2ull << 30;        ///< sum of declared entry sizes
  std::uint64_t max_entry_uncompressed = 1ull << 30;        ///< one entry
  std::uint64_t max_ratio = 1'000;                          ///< uncompressed/compressed, per entry...
  std::uint64_t ratio_threshold = 1ull << 20;               ///< ...checked only above this size
  std::uint64_t max_transform_entry = 64ull << 20;          ///< entries a transform reads into memory
  unsigned max_nesting = 4;                                 ///< dependencies/*.car inside *.car
  std::uint64_t max_nested_archives = 1'000;                ///< nested CApps opened for one top-level CApp
};

/// Switches of the transforms `carport capps` runs.
struct TransformSettings {
  bool validate_api_definitions = true;  ///< report invalid API definitions found in CApps
  bool fail_on_invalid_api = false;      ///< ...and mark such CApps failed
  bool relaxed_api_validation = false;   ///< -DswaggerRelaxedValidation semantics
};

struct CappsOptions {
  std::vector<std::filesystem::path> inputs;  ///< .car files and folders
  std::filesystem::path output_dir;           ///< empty: derived (see resolve_output_dir)
  std::filesystem::path report_file;          ///< empty: <output>/manifest.json
  unsigned jobs = 0;                          ///< 0: all cores
  bool dry_run = false;
  bool force = false;
  bool keep_records = false;                  ///< keep every CappRecord in memory (for per-CApp output)
  ArchiveLimits limits;
  TransformSettings transforms;
};

}  // namespace carport
