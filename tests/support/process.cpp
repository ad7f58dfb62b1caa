#include "tests/support/process.hpp"

#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/zip_fixture.hpp"

namespace carport::testing {
namespace fs = std::filesystem;

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

ProcessResult run_shell(const std::string& command, const fs::path& cwd) {
  TempDir capture;
  const fs::path out = capture.path() / "out";
  const fs::path err = capture.path() / "err";
  const std::string line = "cd " + shell_quote(cwd.string()) + " && ( " + command + " ) >" + shell_quote(out.string()) +
                           " 2>" + shell_quote(err.string()) + " </dev/null";
  const int status = std::system(line.c_str());
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_bytes(out);
  result.err = read_bytes(err);
  return result;
}

ProcessResult run_carport(const std::vector<std::string>& args, const fs::path& cwd) {
  std::string command = shell_quote(CARPORT_BINARY);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  return run_shell(command, cwd);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> found;
  for (const std::string& line : split_lines(text))
    if (line.starts_with(prefix)) found.push_back(line);
  return found;
}

fs::path corpus_dir() {
  const fs::path candidate = fs::path(CARPORT_SOURCE_DIR) / ".." / "shared" / "corpus";
  return fs::is_directory(candidate) ? candidate.lexically_normal() : fs::path();
}

}  // namespace carport::testing
