#pragma once
// Test fixtures built in memory: zips made with libzip, raw hand-made zips for the shapes libzip
// refuses to write (unknown methods, ZIP64), temp folders, and small CApps.

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carport::testing {

struct ZipEntrySpec {
  std::string name;
  std::string content;
  bool deflate = true;
  std::time_t mtime = 1'500'000'000;             ///< 2017-07-14
  std::optional<std::uint32_t> unix_mode;        ///< e.g. 0120777 for a symlink entry
  bool encrypt = false;                          ///< AES-256 with password "secret"
  std::string comment;
};

/// A zip made by libzip from the given entries, in order.
[[nodiscard]] std::string make_zip(const std::vector<ZipEntrySpec>& entries);

/// A stored-only zip written byte by byte, for shapes libzip will not produce.
struct RawEntry {
  std::string name;
  std::string content;
  std::uint16_t method = 0;     ///< written as-is into both headers
  std::uint16_t flags = 0;
  bool zip64_extra = false;     ///< add a ZIP64 extra field and a ZIP64 end record
};
[[nodiscard]] std::string make_raw_zip(const std::vector<RawEntry>& entries);

/// The stylesheet of WSO2's AddNumbers sample in form A (no runtime property), one line.
[[nodiscard]] std::string form_a_stylesheet();
/// The same sheet in form D (runtime property).
[[nodiscard]] std::string form_d_stylesheet();
/// The same sheet in form B (already migrated).
[[nodiscard]] std::string form_b_stylesheet();

/// A small realistic CApp: artifacts.xml, an API, and a data mapping whose stylesheet is `sheet`
/// (no stylesheet entry when empty).
[[nodiscard]] std::vector<ZipEntrySpec> capp_entries(const std::string& sheet);
[[nodiscard]] inline std::string make_capp(const std::string& sheet) { return make_zip(capp_entries(sheet)); }

/// Entry names and uncompressed contents of a zip (read with libzip), in order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> read_zip(std::string_view bytes);

/// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_bytes(const std::filesystem::path& path, std::string_view bytes);
[[nodiscard]] std::string read_bytes(const std::filesystem::path& path);

}  // namespace carport::testing
