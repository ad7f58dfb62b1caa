// libFuzzer target: the Data Mapper stylesheet edit. Checks idempotence: migrating a migrated
// sheet changes nothing more.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "transforms/datamapper/datamapper.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const carport::EntryOutcome first = carport::datamapper::migrate_stylesheet(bytes, true);
  if (first.verdict == carport::EntryVerdict::rewritten) {
    const carport::EntryOutcome second = carport::datamapper::migrate_stylesheet(first.new_bytes, true);
    if (second.verdict == carport::EntryVerdict::rewritten) __builtin_trap();
  }
  return 0;
}
