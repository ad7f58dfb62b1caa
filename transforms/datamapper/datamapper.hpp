#pragma once
// Data Mapper XSLT fix for MI 4.2+ (Saxon 10 rejects the XML Schema namespace as an
// extension-element prefix: XTSE0085). See docs in transforms/datamapper/README.md.

#include <string_view>

#include "pipeline/transform.hpp"

namespace carport::datamapper {

/// Attribute-level edit of one stylesheet: removes XML-Schema-bound prefixes (normally `xs`) from
/// `extension-element-prefixes` and makes sure `exclude-result-prefixes` holds them. Every byte
/// outside the edited attribute values is kept.
[[nodiscard]] EntryOutcome migrate_stylesheet(std::string_view bytes, bool named_as_stylesheet);

class DataMapperTransform final : public Transform {
 public:
  [[nodiscard]] std::string_view name() const override { return "datamapper-xslt"; }
  [[nodiscard]] bool wants(std::string_view entry_name) const override;
  [[nodiscard]] EntryOutcome apply(std::string_view entry_name, std::string_view bytes) const override;
};

}  // namespace carport::datamapper
