#include "pipeline/transform.hpp"
#include "transforms/datamapper/datamapper.hpp"

namespace carport {

std::vector<std::unique_ptr<Transform>> default_capp_transforms(const TransformSettings& /*settings*/) {
  std::vector<std::unique_ptr<Transform>> transforms;
  transforms.push_back(std::make_unique<datamapper::DataMapperTransform>());
  return transforms;
}

}  // namespace carport
