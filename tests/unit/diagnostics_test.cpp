#include "pipeline/diagnostics.hpp"

#include <gtest/gtest.h>

namespace carport {

TEST(Diagnostic, FullAddress) {
  const Diagnostic d{Severity::error, "repo/app.car", "Foo_1.0.0/artifact.xml", 12, 5, "bad thing"};
  EXPECT_EQ(d.to_line(), "carport: error: repo/app.car(Foo_1.0.0/artifact.xml):12:5: bad thing");
}

TEST(Diagnostic, FileOnlyAndLineOnly) {
  EXPECT_EQ((Diagnostic{Severity::warning, "a.car", "", 0, 0, "m"}).to_line(), "carport: warning: a.car: m");
  EXPECT_EQ((Diagnostic{Severity::note, "a.car", "e", 3, 0, "m"}).to_line(), "carport: note: a.car(e):3: m");
}

}  // namespace carport
