#pragma once
// Whole-file reads with a size cap, and atomic writes: temp file in the destination folder,
// rename on commit, removed on failure. A killed run leaves the old file or the new one,
// plus at most a ".carport-tmp." file that the next run sweeps away.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace carport {

/// Marker in the names of our temp files; sweep_stale_temp_files removes files that carry it.
inline constexpr std::string_view kTempMarker = ".carport-tmp.";

struct FileReadResult {
  std::string bytes;
  std::string error;  ///< empty on success; else a one-line reason
};

/// Reads a whole regular file, refusing files larger than max_bytes.
[[nodiscard]] FileReadResult read_file(const std::filesystem::path& path, std::uint64_t max_bytes);

/// Writes bytes to path atomically (creating parent folders). Returns an empty string on success,
/// else a one-line reason; on failure no file is left at path or beside it.
[[nodiscard]] std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Removes temp files left by a killed run anywhere under dir. Returns how many were removed.
std::size_t sweep_stale_temp_files(const std::filesystem::path& dir);

}  // namespace carport
