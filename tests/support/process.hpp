#pragma once
// Runs the real carport binary for end-to-end tests.

#include <filesystem>
#include <string>
#include <vector>

namespace carport::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs CARPORT_BINARY with args in folder cwd (environment TZ left as is).
[[nodiscard]] ProcessResult run_carport(const std::vector<std::string>& args, const std::filesystem::path& cwd);
/// Runs any shell command line in cwd.
[[nodiscard]] ProcessResult run_shell(const std::string& command, const std::filesystem::path& cwd);
/// The folder with the shared corpus (../shared/corpus next to the checkout), or empty if absent.
[[nodiscard]] std::filesystem::path corpus_dir();
[[nodiscard]] std::string shell_quote(const std::string& text);
/// The lines of a process's output (without their '\n').
[[nodiscard]] std::vector<std::string> split_lines(const std::string& text);
/// The lines that start with prefix, e.g. "carport: error: ".
[[nodiscard]] std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix);

}  // namespace carport::testing
