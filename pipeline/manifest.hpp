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

/// The manifest as JSON text (stable key order, records in scan order, no timestamps).
[[nodiscard]] std::string render_manifest(const CappsContext& context);
/// "sha256  relative/path.car" lines, sorted by path, for every CApp written.
[[nodiscard]] std::string render_sha256sums(const CappsContext& context);

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
