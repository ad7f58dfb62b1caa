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

fs::path corpus_dir() {
  const fs::path candidate = fs::path(CARPORT_SOURCE_DIR) / ".." / "shared" / "corpus";
  return fs::is_directory(candidate) ? candidate.lexically_normal() : fs::path();
}

}  // namespace carport::testing
