// `carport verify DIR`: re-hash what a run wrote and compare with its manifest and SHA256SUMS.

#include <fstream>
#include <map>
#include <sstream>

#include "pipeline/archive.hpp"
#include "pipeline/atomic_file.hpp"
#include "pipeline/manifest.hpp"
#include "pipeline/parallel.hpp"
#include "pipeline/sha256.hpp"

namespace carport {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxManifestBytes = 1ull << 30;

struct FileDigest {
  std::string sha256;
  std::uint64_t size = 0;
  std::string error;
};

FileDigest hash_file(const fs::path& path) {
  FileDigest digest;
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    digest.error = "cannot open";
    return digest;
  }
  Sha256 hasher;
  std::string buffer(1 << 20, '\0');
  while (stream) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(stream.gcount());
    hasher.update(std::string_view(buffer.data(), got));
    digest.size += got;
  }
  if (stream.bad()) digest.error = "read failed";
  digest.sha256 = to_hex(hasher.finish());
  return digest;
}

/// "hash  path" lines of a SHA256SUMS file, by path.
std::map<std::string, std::string> parse_sums(const std::string& text) {
  std::map<std::string, std::string> sums;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > 66 && line.compare(64, 2, "  ") == 0) sums[line.substr(66)] = line.substr(0, 64);
  }
  return sums;
}

}  // namespace

int run_verify(const fs::path& dir, const fs::path& manifest_path, Reporter& reporter, VerifyCounts& counts) {
  FileReadResult manifest_file = read_file(manifest_path, kMaxManifestBytes);
  if (!manifest_file.error.empty()) throw FatalError(manifest_path.string() + ": " + manifest_file.error);
  ParsedManifest manifest = parse_manifest(manifest_file.bytes);
  if (!manifest.error.empty()) throw FatalError(manifest_path.string() + ": " + manifest.error);

  std::vector<FileDigest> digests(manifest.outputs.size());
  std::vector<std::string> unsafe(manifest.outputs.size());
  parallel_chunks(manifest.outputs.size(), 8, [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      try {
        unsafe[i] = unsafe_name_reason(manifest.outputs[i].output);
        if (unsafe[i].empty()) digests[i] = hash_file(dir / manifest.outputs[i].output);
      } catch (const std::exception& exception) {
        digests[i].error = exception.what();
      }
    }
  });

  auto mismatch = [&](const std::string& where, const std::string& message) {
    reporter.report({Severity::error, where, "", 0, 0, message});
    ++counts.mismatched;
  };
  for (std::size_t i = 0; i < manifest.outputs.size(); ++i) {
    const ManifestOutput& expected = manifest.outputs[i];
    const std::string where = (dir / expected.output).string();
    ++counts.checked;
    if (!unsafe[i].empty()) {
      mismatch(manifest_path.string(), "unsafe output path in manifest: " + expected.output + " (" + unsafe[i] + ")");
    } else if (!digests[i].error.empty()) {
      mismatch(where, digests[i].error);
    } else if (digests[i].size != expected.size) {
      mismatch(where, "size " + std::to_string(digests[i].size) + " differs from manifest " + std::to_string(expected.size));
    } else if (digests[i].sha256 != expected.sha256) {
      mismatch(where, "sha256 " + digests[i].sha256 + " differs from manifest " + expected.sha256);
    }
  }

  const fs::path sums_path = dir / "SHA256SUMS";
  FileReadResult sums_file = read_file(sums_path, kMaxManifestBytes);
  if (!sums_file.error.empty()) {
    mismatch(sums_path.string(), sums_file.error);
  } else {
    std::map<std::string, std::string> sums = parse_sums(sums_file.bytes);
    for (const ManifestOutput& expected : manifest.outputs) {
      auto it = sums.find(expected.output);
      if (it == sums.end()) {
        mismatch(sums_path.string(), "no line for " + expected.output);
      } else {
        if (it->second != expected.sha256) mismatch(sums_path.string(), "hash for " + expected.output + " differs from manifest");
        sums.erase(it);
      }
    }
    for (const auto& [path, hash] : sums) mismatch(sums_path.string(), "line for " + path + " is not in the manifest");
  }
  return counts.mismatched == 0 ? 0 : 1;
}

}  // namespace carport
