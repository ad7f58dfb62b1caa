// `carport capps` and the API definitions inside CApps: reported by default, fatal for the CApp
// with --fail-on-invalid-api, silent with --no-api-validation.

#include <gtest/gtest.h>

#include "tests/support/process.hpp"
#include "tests/support/zip_fixture.hpp"

namespace carport {
namespace {

namespace fs = std::filesystem;
using testing::make_zip;
using testing::run_carport;
using testing::TempDir;
using testing::write_bytes;

constexpr const char* kEntry = "metadata/PetsAPI_swagger_1.0.0/PetsAPI_swagger-1.0.0.yaml";
constexpr const char* kInvalid =
    "swagger: \"2.0\"\ninfo:\n  title: Pets\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n"
    "          description: ok\n";

void make_inputs(const fs::path& root) {
  write_bytes(root / "in" / "pets.car", make_zip({{"artifacts.xml", "<artifacts/>"}, {kEntry, kInvalid}}));
  write_bytes(root / "in" / "sheet.car", testing::make_capp(testing::form_a_stylesheet()));
}

TEST(CappsApiDefinitions, InvalidDefinitionIsAWarningByDefault) {
  TempDir temp;
  make_inputs(temp.path());
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out"}, temp.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(std::string("carport: warning: in/pets.car(") + kEntry +
                         "):3:3: invalid API definition: attribute info.version is missing [missing-info-version]\n"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(testing::read_bytes(temp.path() / "out" / "pets.car"), testing::read_bytes(temp.path() / "in" / "pets.car"));
}

TEST(CappsApiDefinitions, FailOnInvalidApiFailsThatCappOnly) {
  TempDir temp;
  make_inputs(temp.path());
  const testing::ProcessResult run = run_carport({"capps", "in", "-o", "out", "--fail-on-invalid-api", "-v"}, temp.path());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find(std::string("carport: error: in/pets.car(") + kEntry +
                         "): invalid API definition (--fail-on-invalid-api): attribute info.version is missing "
                         "[missing-info-version]\n"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(temp.path() / "out" / "pets.car"));
  EXPECT_TRUE(fs::exists(temp.path() / "out" / "sheet.car"));
  // -v: one plan line per CApp on stdout, in scan order.
  EXPECT_EQ(run.out, "failed\tin/pets.car\nmigrated\tin/sheet.car\t-> out/sheet.car\t(1 entry rewritten)\n");
}

TEST(CappsApiDefinitions, NoApiValidationSaysNothing) {
  TempDir temp;
  make_inputs(temp.path());
  const testing::ProcessResult run =
      run_carport({"capps", "in", "-o", "out", "--no-api-validation", "--fail-on-invalid-api"}, temp.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("invalid API definition"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace carport
