// libFuzzer target: the archive layer and the whole per-CApp migration on in-memory bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/archive.hpp"
#include "pipeline/capp_job.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto transforms = carport::default_capp_transforms();
  carport::ArchiveLimits limits;
  limits.max_total_uncompressed = 64 << 20;  // keep single executions fast
  limits.max_entry_uncompressed = 16 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const carport::ArchiveMigration migration = carport::migrate_archive(bytes, transforms, limits, 0);
  if (!migration.failed && !migration.new_bytes.empty()) {
    carport::ArchiveError error;
    if (!carport::Archive::open(migration.new_bytes, limits, error)) __builtin_trap();  // we wrote a bad zip
  }
  return 0;
}
