#include <cstdlib>
#include <ctime>

#include "pipeline/cli.hpp"

int main(int argc, char** argv) {
  // Zip entry times are DOS local times; libzip converts them through the C library's time zone.
  // Pinning UTC makes that round trip exact, so rewritten entries keep their original stamps on
  // every machine (set before any thread starts).
  setenv("TZ", "UTC", 1);
  tzset();
  return carport::run_cli(argc, argv);
}
