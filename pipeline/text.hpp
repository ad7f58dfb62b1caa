#pragma once
// Small text helpers shared by the stages and transforms.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace carport {

/// ASCII case-insensitive suffix test (".CAR" ends with ".car").
[[nodiscard]] inline bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                    });
}

/// Text safe for JSON and XML 1.0: invalid UTF-8 and control characters (but tab, CR, LF) become
/// U+FFFD. File and entry names come from users and need not be UTF-8.
[[nodiscard]] std::string clean_text(std::string_view text);

}  // namespace carport
