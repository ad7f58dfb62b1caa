#pragma once
// `carport capps` side of API validation: a reporting transform over the API definitions a CApp
// carries (metadata/*_swagger_* artifacts and registry resources holding Swagger/OpenAPI).

#include <string_view>

#include "pipeline/transform.hpp"
#include "transforms/apidef/validator.hpp"

namespace carport::apidef {

class ApiDefinitionTransform final : public Transform {
 public:
  ApiDefinitionTransform(bool fail_on_invalid, bool relaxed) : fail_on_invalid_(fail_on_invalid) {
    options_.relaxed = relaxed;
  }
  [[nodiscard]] std::string_view name() const override { return "apidef-validate"; }
  [[nodiscard]] bool wants(std::string_view entry_name) const override;
  /// Never rewrites: reports each error of an invalid definition as a warning (line:col and rule),
  /// and with fail_on_invalid marks the CApp failed.
  [[nodiscard]] EntryOutcome apply(std::string_view entry_name, std::string_view bytes) const override;

 private:
  bool fail_on_invalid_;
  ValidateOptions options_;
};

}  // namespace carport::apidef
