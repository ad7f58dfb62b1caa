#pragma once
// "key": value members for RapidJSON writers, shared by manifest.json and the validate reports.
// Strings are cleaned to valid UTF-8 (names from users need not be), so every report parses.

#include <rapidjson/rapidjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/text.hpp"

namespace carport {

template <typename Writer>
void write_string(Writer& writer, std::string_view key, std::string_view value) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  const std::string clean = clean_text(value);
  writer.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

template <typename Writer>
void write_number(Writer& writer, std::string_view key, std::uint64_t value) {
  writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  writer.Uint64(value);
}

}  // namespace carport
