#include "pipeline/transform.hpp"
#include "transforms/apidef/capp_transform.hpp"
#include "transforms/datamapper/datamapper.hpp"

namespace carport {

std::vector<std::unique_ptr<Transform>> default_capp_transforms(const TransformSettings& settings) {
  std::vector<std::unique_ptr<Transform>> transforms;
  transforms.push_back(std::make_unique<datamapper::DataMapperTransform>());
  if (settings.validate_api_definitions)
    transforms.push_back(std::make_unique<apidef::ApiDefinitionTransform>(settings.fail_on_invalid_api,
                                                                          settings.relaxed_api_validation));
  return transforms;
}

}  // namespace carport
