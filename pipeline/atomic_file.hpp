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

/// A file written incrementally (buffered) and published atomically by commit(). Until then it
/// is an unnamed O_TMPFILE inode (or a named temp file where O_TMPFILE is unsupported); destroyed
/// without commit, it leaves nothing behind. Not thread-safe.
class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// Creates parent folders and the temp file; returns an empty string or a one-line reason.
  [[nodiscard]] std::string open();
  /// Appends bytes (errors are remembered and returned by commit).
  void write(std::string_view bytes);
  /// Flushes and publishes the file under its name; returns an empty string or a reason.
  [[nodiscard]] std::string commit();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  bool flush();
  std::filesystem::path path_;
  int fd_ = -1;
  std::string named_temp_;  ///< set when the named-temp fallback is in use
  std::string buffer_;
  int error_ = 0;           ///< first errno of a failed write
};

/// Removes temp files left by a killed run anywhere under dir. Returns how many were removed.
std::size_t sweep_stale_temp_files(const std::filesystem::path& dir);

}  // namespace carport
