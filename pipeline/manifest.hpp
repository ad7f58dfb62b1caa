#pragma once
// manifest.json and SHA256SUMS: what a run wrote, and how `carport verify` re-checks it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/context.hpp"

namespace carport {

inline constexpr int kManifestFormat = 1;

/// manifest.json and SHA256SUMS, written record by record as CApps finish (so memory does not
/// grow with the repository) and published atomically at the end. Records arrive in scan order;
/// the manifest has stable key order and no timestamps.
class RunReports {
 public:
  RunReports();
  ~RunReports();
  RunReports(const RunReports&) = delete;
  RunReports& operator=(const RunReports&) = delete;

  /// Starts the manifest (when manifest_path is not empty) and SHA256SUMS (when sums_path is not
  /// empty). Returns an empty string or a one-line reason.
  [[nodiscard]] std::string open(const std::filesystem::path& manifest_path, const std::filesystem::path& sums_path,
                                 bool dry_run);
  void add(const CappRecord& record);
  /// Writes the totals and publishes both files.
  [[nodiscard]] std::string finish(const Counters& counters);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// What `verify` needs from a manifest.
struct ManifestOutput {
  std::string input;
  std::string output;
  std::string status;
  std::string sha256;
  std::uint64_t size = 0;
};

struct ParsedManifest {
  std::vector<ManifestOutput> outputs;  ///< non-failed CApps only
  std::string error;                    ///< empty when the manifest was understood
};

[[nodiscard]] ParsedManifest parse_manifest(std::string_view json);

struct VerifyCounts {
  std::uint64_t checked = 0;
  std::uint64_t mismatched = 0;
};

/// Re-hashes every output listed in the manifest and the SHA256SUMS file of dir; reports one
/// error line per mismatch. Returns 0 when all match, 1 on any mismatch; throws FatalError when
/// the manifest cannot be read.
int run_verify(const std::filesystem::path& dir, const std::filesystem::path& manifest_path, Reporter& reporter,
               VerifyCounts& counts);

}  // namespace carport
