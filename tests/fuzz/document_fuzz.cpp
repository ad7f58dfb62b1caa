// libFuzzer target: the JSON and YAML loaders.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  carport::doc::LoadLimits limits;
  limits.max_alias_nodes = 100'000;
  const carport::doc::LoadResult json = carport::doc::load_json(bytes, limits);
  const carport::doc::LoadResult yaml = carport::doc::load_yaml(bytes, limits);
  if (static_cast<bool>(json.document) == json.error.has_value()) __builtin_trap();
  if (static_cast<bool>(yaml.document) == yaml.error.has_value()) __builtin_trap();
  return 0;
}
