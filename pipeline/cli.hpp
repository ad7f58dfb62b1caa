#pragma once
// The command line: parses argv into Options, runs the core, prints. The only file using CLI11.

namespace carport {

/// Runs carport with the given arguments; returns the process exit code
/// (0 all fine, 1 some item failed or mismatched, 2 usage or fatal error).
int run_cli(int argc, char** argv);

}  // namespace carport
