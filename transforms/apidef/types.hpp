#pragma once
// The typed tree: one entry per object type of Swagger 2.0, OpenAPI 3.0/3.1 and AsyncAPI 2.x, with
// its allowed fields (and their types), required fields, extension and $ref rules. Field lists
// follow swagger-parser's *_KEYS sets (what WSO2's parser accepts), corrected where it has bugs.

#include <cstdint>
#include <span>
#include <string_view>

#include "transforms/apidef/internal.hpp"

namespace carport::apidef::detail {

enum class T : std::uint8_t {
  // scalars and generic containers
  Any, String, Boolean, Number, Integer, StringList, AnyList, AnyMap, StringMap, StringListMap, SecurityReqList,
  // objects shared by every version
  Info, Contact, License, Tag, TagList, ExternalDocs, Xml,
  // Swagger 2.0
  Root2, Paths2, PathItem2, Operation2, ParamList2, Param2, BodyParam2, OtherParam2, Items2, Responses2, Response2,
  Header2, HeaderMap2, Schema2, SchemaMap2, SchemaList2, SchemaOrBool2, SchemaOrList2, ParamMap2, ResponseMap2,
  SecScheme2, SecSchemeMap2,
  // OpenAPI 3.0 / 3.1
  Root3, Paths3, PathItem3, Operation3, ParamList3, Param3, Responses3, Response3, Header3, HeaderMap3, MediaType,
  ContentMap, Encoding, EncodingMap, Example, ExampleMap, RequestBody, RequestBodyMap, Link, LinkMap, Callback,
  CallbackMap, Components, Server, ServerList, ServerVariable, ServerVariableMap, SecScheme3, SecSchemeMap3,
  OAuthFlows, ImplicitFlow, PasswordFlow, AuthCodeFlow, Discriminator, Schema3, Schema30, Schema31, SchemaMap3,
  SchemaList3, SchemaOrBool3, ResponseMap3, ParamMap3, PathItemMap3,
  // AsyncAPI 2.x
  RootA, ChannelsA, ChannelA, OperationA, ServersA, ServerA,
  Count
};

enum class Shape : std::uint8_t {
  scalar,  ///< String/Boolean/Number/Integer/Any
  object,  ///< fixed fields
  map,     ///< any keys -> element
  list,    ///< items -> element
  alt,     ///< depends on the node (Param2 by `in`, Schema3 by version, schema-or-boolean, ...)
};

/// Type flags.
enum : std::uint8_t {
  kExt = 1,          ///< `x-` keys are extensions (objects: allowed; maps: skipped)
  kRef = 2,          ///< may be a Reference Object (a mapping with `$ref`)
  kOpen = 4,         ///< objects: unknown keys are allowed (JSON Schema 2020-12)
  kQuotedKeys = 8,   ///< maps: keys print as .'key' in locations (paths, content types)
  kVerbKeys = 16,    ///< objects: operation keys print as (get) in locations (path items)
  kNamedItems = 32,  ///< lists: items print as .[name] in locations (parameters)
};

struct Field {
  std::string_view key;
  T type;
  std::uint8_t versions = VALL;   ///< Ver bits where the field exists
  std::uint8_t required = 0;      ///< Ver bits where it is required
  std::string_view choices = {};  ///< "a|b|c": a scalar value must be one of these
};

struct TypeDef {
  T id;
  std::string_view name;          ///< for messages ("object", "array", "string", ...)
  Shape shape;
  std::span<const Field> fields;       ///< objects
  std::span<const Field> more_fields;  ///< objects: fields shared with other types
  T element = T::Any;             ///< maps and lists
  std::uint8_t flags = 0;
  std::string_view family = {};  ///< ref-able types: what a $ref here must point at ("Schema", ...)
};

[[nodiscard]] const TypeDef& type_def(T type);

/// The field of an object type that exists in `version`, or nullptr.
[[nodiscard]] const Field* find_field(const TypeDef& def, std::string_view key, Ver version);

/// The root type of a version.
[[nodiscard]] T root_type(Ver version);

/// Alt types resolved for a node: Param2 by `in`, Schema3 by version, schema-or-boolean and
/// schema-or-array by the node's kind. Returns T::Any when the node is acceptable as it is
/// (a boolean schema). Other types come back unchanged.
[[nodiscard]] T concrete_type(T type, const Node& node, Ver version);

[[nodiscard]] inline bool is_schema_type(T type) {
  return type == T::Schema2 || type == T::Schema30 || type == T::Schema31;
}

}  // namespace carport::apidef::detail
