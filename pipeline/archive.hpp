#pragma once
// The archive layer: an in-memory zip opened with libzip, checked against hostile-input rules,
// read entry by entry, and rewritten with only the replaced entries recompressed.

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/options.hpp"

struct zip;

namespace carport {

struct EntryInfo {
  std::uint64_t index = 0;
  std::string name;  ///< as stored (UTF-8, or CP437 decoded to UTF-8 by libzip)
  std::uint64_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;
  std::uint16_t method = 0;
  std::time_t mtime = 0;
  std::uint32_t crc = 0;
  [[nodiscard]] bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

/// A failure that belongs to the archive as a whole (entry empty) or to one entry.
struct ArchiveError {
  std::string entry;
  std::string message;
};

/// Cheap checks on raw bytes before libzip sees them: empty file, not a zip, data before the
/// first entry (self-extractor prefix), ZIP64, multi-disk. Returns an empty message when fine.
[[nodiscard]] ArchiveError sniff_zip(std::string_view bytes);

/// Whether an entry name could escape an extraction folder or is otherwise unsafe; returns the
/// reason ("absolute path", "'..' component", ...) or an empty string.
[[nodiscard]] std::string unsafe_name_reason(std::string_view raw_name);

/// A read-only zip over bytes the caller keeps alive. One Archive must not be used from two
/// threads at once (libzip does no locking); open one per thread over the same bytes instead.
class Archive {
 public:
  ~Archive();
  Archive(Archive&& other) noexcept;
  Archive& operator=(Archive&&) = delete;
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  /// Opens and checks the archive: sniff, central directory, and per entry the name rules,
  /// symlinks, encryption, compression method, duplicate names, size and ratio limits.
  /// On failure returns nullptr and fills error.
  [[nodiscard]] static std::unique_ptr<Archive> open(std::string_view bytes, const ArchiveLimits& limits,
                                                     ArchiveError& error);

  [[nodiscard]] const std::vector<EntryInfo>& entries() const { return entries_; }
  [[nodiscard]] std::uint64_t total_uncompressed() const { return total_uncompressed_; }

  /// Decompresses one entry, checking CRC and size. With out == nullptr the data is only
  /// verified. Returns an empty string or a one-line reason.
  [[nodiscard]] std::string read_entry(std::uint64_t index, std::string* out) const;

 private:
  Archive(zip* handle, std::vector<EntryInfo> entries, std::uint64_t total);
  /// Entries up to kWholeEntryLimit: raw compressed bytes through libdeflate (2-3x zlib's speed, and
  /// a CLMUL crc32). Bigger ones are streamed through libzip's zlib in 64 KiB steps.
  [[nodiscard]] std::string read_whole_entry(const EntryInfo& info, std::string* out) const;
  [[nodiscard]] std::string stream_entry(const EntryInfo& info, std::string* out) const;
  struct Scratch;
  zip* handle_;
  std::unique_ptr<Scratch> scratch_;
  std::vector<EntryInfo> entries_;
  std::uint64_t total_uncompressed_ = 0;
};

struct Replacement {
  std::uint64_t index = 0;
  std::string bytes;
  std::time_t mtime = 0;  ///< kept from the original entry
};

struct RewriteResult {
  std::string bytes;
  std::string error;  ///< empty on success
};

/// A new archive equal to `original` except for the replaced entries, which are deflated anew;
/// every other entry's compressed bytes, name, order, time, extra fields and comment are copied.
[[nodiscard]] RewriteResult rewrite_archive(std::string_view original, const std::vector<Replacement>& replacements);

}  // namespace carport
