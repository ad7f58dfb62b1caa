// libFuzzer target: the API definition validators (document, GraphQL, WSDL), chosen by name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "transforms/apidef/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kNames[] = {"api.yaml", "api.json", "schema.graphql", "service.wsdl"};
  const std::string_view name = kNames[data[0] % 4];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  carport::apidef::ValidateOptions options;
  options.relaxed = (data[0] & 4) != 0;
  options.limits.max_alias_nodes = 100'000;
  const carport::apidef::ValidationResult result = carport::apidef::validate_bytes(name, bytes, options);
  for (const auto& finding : result.findings)
    if (finding.message.empty() || finding.rule.empty()) __builtin_trap();
  return 0;
}
