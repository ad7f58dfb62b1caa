// An input that disappears (or turns into something else) between the scan and the read fails
// alone, with one located reason; the rest of the batch is written. Driven through the real stages.

#include <gtest/gtest.h>

#include "pipeline/context.hpp"
#include "pipeline/manifest.hpp"
#include "tests/support/zip_fixture.hpp"

namespace carport {
namespace {

namespace fs = std::filesystem;

TEST(VanishingInput, FailsOnlyThatCapp) {
  testing::TempDir temp;
  const fs::path in = temp.path() / "in";
  testing::write_bytes(in / "a.car", testing::make_capp(testing::form_a_stylesheet()));
  testing::write_bytes(in / "b.car", testing::make_capp(testing::form_a_stylesheet()));
  testing::write_bytes(in / "c.car", testing::make_capp(""));
  CappsOptions options;
  options.inputs = {in};
  options.output_dir = temp.path() / "out";
  CollectingReporter reporter;
  CappsContext context(options, reporter);
  resolve_output(context);
  scan_inputs(context);
  ASSERT_EQ(context.inputs.size(), 3u);

  fs::remove(in / "b.car");                        // vanished after the scan
  fs::create_directory(in / "c.car.tmp");          // c.car replaced by a folder
  fs::remove(in / "c.car");
  fs::rename(in / "c.car.tmp", in / "c.car");
  open_reports(context);
  process_capps(context);
  write_reports(context);

  EXPECT_EQ(context.counters.capps_migrated, 1u);
  EXPECT_EQ(context.counters.capps_failed, 2u);
  ASSERT_EQ(reporter.diagnostics.size(), 3u);  // a's note, then b's and c's errors, in scan order
  EXPECT_EQ(reporter.diagnostics[1].to_line(),
            "carport: error: " + (in / "b.car").string() + ": cannot open: No such file or directory");
  EXPECT_EQ(reporter.diagnostics[2].to_line(), "carport: error: " + (in / "c.car").string() + ": not a regular file");
  EXPECT_TRUE(fs::exists(temp.path() / "out" / "a.car"));
  EXPECT_FALSE(fs::exists(temp.path() / "out" / "b.car"));
  EXPECT_EQ(testing::read_bytes(temp.path() / "out" / "SHA256SUMS").find("b.car"), std::string::npos);
}

}  // namespace
}  // namespace carport
