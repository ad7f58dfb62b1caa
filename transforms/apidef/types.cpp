// The typed-tree tables (see types.hpp). Each object's field list is written once; version bits
// say where a field exists (e.g. `webhooks` only in 3.1) and where it is required.
#include "transforms/apidef/types.hpp"

#include <array>

namespace carport::apidef::detail {
namespace {

constexpr std::uint8_t kAll = VALL;
constexpr std::string_view kParamIn2 = "query|header|path|formData|body";
constexpr std::string_view kPrimitiveTypes2 = "string|number|integer|boolean|array";
constexpr std::string_view kCollection2 = "csv|ssv|tsv|pipes";

// ---- shared ----
constexpr Field kInfo[] = {
    {"title", T::String, kAll, kAll},      {"description", T::String},  {"termsOfService", T::String},
    {"contact", T::Contact},               {"license", T::License},     {"version", T::String, kAll, kAll},
    {"summary", T::String, V31},
};
constexpr Field kContact[] = {{"name", T::String}, {"url", T::String}, {"email", T::String}};
constexpr Field kLicense[] = {{"name", T::String, kAll, kAll}, {"url", T::String}, {"identifier", T::String, V31}};
constexpr Field kTag[] = {{"name", T::String, kAll, kAll}, {"description", T::String}, {"externalDocs", T::ExternalDocs}};
constexpr Field kExternalDocs[] = {{"description", T::String}, {"url", T::String, kAll, kAll}};
constexpr Field kXml[] = {{"name", T::String},         {"namespace", T::String}, {"prefix", T::String},
                          {"attribute", T::Boolean},   {"wrapped", T::Boolean}};

// ---- Swagger 2.0 ----
constexpr Field kRoot2[] = {
    {"swagger", T::String, kAll, kAll},   {"info", T::Info, kAll, kAll},   {"host", T::String},
    {"basePath", T::String},              {"schemes", T::StringList},      {"consumes", T::StringList},
    {"produces", T::StringList},          {"paths", T::Paths2, kAll, kAll}, {"definitions", T::SchemaMap2},
    {"parameters", T::ParamMap2},         {"responses", T::ResponseMap2},  {"securityDefinitions", T::SecSchemeMap2},
    {"security", T::SecurityReqList},     {"tags", T::TagList},            {"externalDocs", T::ExternalDocs},
};
constexpr Field kPathItem2[] = {
    {"$ref", T::String},         {"get", T::Operation2},     {"put", T::Operation2},
    {"post", T::Operation2},     {"delete", T::Operation2},  {"options", T::Operation2},
    {"head", T::Operation2},     {"patch", T::Operation2},   {"parameters", T::ParamList2},
};
constexpr Field kOperation2[] = {
    {"tags", T::StringList},      {"summary", T::String},     {"description", T::String},
    {"externalDocs", T::ExternalDocs}, {"operationId", T::String}, {"consumes", T::StringList},
    {"produces", T::StringList},  {"parameters", T::ParamList2}, {"responses", T::Responses2, kAll, kAll},
    {"schemes", T::StringList},   {"deprecated", T::Boolean}, {"security", T::SecurityReqList},
};
constexpr Field kBodyParam2[] = {
    {"name", T::String, kAll, kAll}, {"in", T::String, kAll, kAll, kParamIn2}, {"description", T::String},
    {"required", T::Boolean},        {"schema", T::Schema2, kAll, kAll},
};
// Keywords shared by non-body parameters, items and headers (the 2.0 "primitive" keywords).
constexpr Field kPrimitive2[] = {
    {"format", T::String},        {"default", T::Any},         {"maximum", T::Number},
    {"exclusiveMaximum", T::Boolean}, {"minimum", T::Number},  {"exclusiveMinimum", T::Boolean},
    {"maxLength", T::Integer},    {"minLength", T::Integer},   {"pattern", T::String},
    {"maxItems", T::Integer},     {"minItems", T::Integer},    {"uniqueItems", T::Boolean},
    {"enum", T::AnyList},         {"multipleOf", T::Number},   {"items", T::Items2},
};
constexpr Field kOtherParam2[] = {
    {"name", T::String, kAll, kAll},
    {"in", T::String, kAll, kAll, kParamIn2},
    {"description", T::String},
    {"required", T::Boolean},
    {"type", T::String, kAll, kAll, "string|number|integer|boolean|array|file"},
    {"allowEmptyValue", T::Boolean},
    {"collectionFormat", T::String, kAll, 0, "csv|ssv|tsv|pipes|multi"},
    {"readOnly", T::Boolean},
};
constexpr Field kItems2[] = {
    {"$ref", T::String},
    {"type", T::String, kAll, 0, kPrimitiveTypes2},
    {"collectionFormat", T::String, kAll, 0, kCollection2},
};
constexpr Field kHeader2[] = {
    {"description", T::String},
    {"type", T::String, kAll, kAll, kPrimitiveTypes2},
    {"collectionFormat", T::String, kAll, 0, kCollection2},
};
constexpr Field kResponse2[] = {
    {"description", T::String, kAll, kAll}, {"schema", T::Schema2}, {"headers", T::HeaderMap2}, {"examples", T::AnyMap},
};
constexpr Field kSchema2[] = {
    {"$ref", T::String},        {"format", T::String},        {"title", T::String},
    {"description", T::String}, {"default", T::Any},          {"multipleOf", T::Number},
    {"maximum", T::Number},     {"exclusiveMaximum", T::Boolean}, {"minimum", T::Number},
    {"exclusiveMinimum", T::Boolean}, {"maxLength", T::Integer}, {"minLength", T::Integer},
    {"pattern", T::String},     {"maxItems", T::Integer},     {"minItems", T::Integer},
    {"uniqueItems", T::Boolean}, {"maxProperties", T::Integer}, {"minProperties", T::Integer},
    {"required", T::StringList}, {"enum", T::AnyList},        {"type", T::Any},
    {"items", T::SchemaOrList2}, {"allOf", T::SchemaList2},   {"properties", T::SchemaMap2},
    {"additionalProperties", T::SchemaOrBool2}, {"discriminator", T::String}, {"readOnly", T::Boolean},
    {"xml", T::Xml},            {"externalDocs", T::ExternalDocs}, {"example", T::Any},
    {"allowEmptyValue", T::Boolean},
};
constexpr Field kSecScheme2[] = {
    {"type", T::String, kAll, kAll, "basic|apiKey|oauth2"},
    {"description", T::String},
    {"name", T::String},
    {"in", T::String, kAll, 0, "header|query"},
    {"flow", T::String, kAll, 0, "implicit|password|application|accessCode"},
    {"authorizationUrl", T::String},
    {"tokenUrl", T::String},
    {"scopes", T::StringMap},
};

// ---- OpenAPI 3.0 / 3.1 ----
constexpr Field kRoot3[] = {
    {"openapi", T::String, kAll, kAll}, {"info", T::Info, kAll, kAll},     {"servers", T::ServerList},
    {"paths", T::Paths3, kAll, V30},    {"components", T::Components},      {"security", T::SecurityReqList},
    {"tags", T::TagList},               {"externalDocs", T::ExternalDocs}, {"webhooks", T::PathItemMap3, V31},
    {"jsonSchemaDialect", T::String, V31},
};
constexpr Field kPathItem3[] = {
    {"$ref", T::String},       {"summary", T::String},     {"description", T::String},
    {"get", T::Operation3},    {"put", T::Operation3},     {"post", T::Operation3},
    {"delete", T::Operation3}, {"options", T::Operation3}, {"head", T::Operation3},
    {"patch", T::Operation3},  {"trace", T::Operation3},   {"servers", T::ServerList},
    {"parameters", T::ParamList3},
};
constexpr Field kOperation3[] = {
    {"tags", T::StringList},          {"summary", T::String},          {"description", T::String},
    {"externalDocs", T::ExternalDocs}, {"operationId", T::String},     {"parameters", T::ParamList3},
    {"requestBody", T::RequestBody},  {"responses", T::Responses3, kAll, V30}, {"callbacks", T::CallbackMap},
    {"deprecated", T::Boolean},       {"security", T::SecurityReqList}, {"servers", T::ServerList},
};
constexpr Field kParam3[] = {
    {"name", T::String, kAll, kAll},
    {"in", T::String, kAll, kAll, "query|header|path|cookie"},
    {"description", T::String},
    {"required", T::Boolean},
    {"deprecated", T::Boolean},
    {"allowEmptyValue", T::Boolean},
    {"style", T::String, kAll, 0, "matrix|label|form|simple|spaceDelimited|pipeDelimited|deepObject"},
    {"explode", T::Boolean},
    {"allowReserved", T::Boolean},
    {"schema", T::Schema3},
    {"example", T::Any},
    {"examples", T::ExampleMap},
    {"content", T::ContentMap},
};
constexpr Field kResponse3[] = {
    {"description", T::String, kAll, kAll}, {"headers", T::HeaderMap3}, {"content", T::ContentMap}, {"links", T::LinkMap},
};
// swagger-parser also accepts `name` and `in` in a Header (its HEADER_KEYS); `allowReserved` only
// makes sense for query parameters and the 3.1 schema rejects it here.
constexpr Field kHeader3[] = {
    {"description", T::String},  {"required", T::Boolean},   {"deprecated", T::Boolean},
    {"allowEmptyValue", T::Boolean}, {"style", T::String, kAll, 0, "simple"}, {"explode", T::Boolean},
    {"allowReserved", T::Boolean, V30}, {"schema", T::Schema3}, {"example", T::Any},
    {"examples", T::ExampleMap}, {"content", T::ContentMap}, {"name", T::String},
    {"in", T::String},
};
constexpr Field kMediaType[] = {
    {"schema", T::Schema3}, {"example", T::Any}, {"examples", T::ExampleMap}, {"encoding", T::EncodingMap},
};
constexpr Field kEncoding[] = {
    {"contentType", T::String},
    {"headers", T::HeaderMap3},
    {"style", T::String, kAll, 0, "form|spaceDelimited|pipeDelimited|deepObject"},
    {"explode", T::Boolean},
    {"allowReserved", T::Boolean},
};
constexpr Field kExample[] = {
    {"summary", T::String}, {"description", T::String}, {"value", T::Any}, {"externalValue", T::String},
};
constexpr Field kRequestBody[] = {
    {"description", T::String}, {"content", T::ContentMap, kAll, kAll}, {"required", T::Boolean},
};
constexpr Field kLink[] = {
    {"operationRef", T::String}, {"operationId", T::String}, {"parameters", T::AnyMap},
    {"requestBody", T::Any},     {"description", T::String}, {"server", T::Server},
};
constexpr Field kComponents[] = {
    {"schemas", T::SchemaMap3},        {"responses", T::ResponseMap3},   {"parameters", T::ParamMap3},
    {"examples", T::ExampleMap},       {"requestBodies", T::RequestBodyMap}, {"headers", T::HeaderMap3},
    {"securitySchemes", T::SecSchemeMap3}, {"links", T::LinkMap},        {"callbacks", T::CallbackMap},
    {"pathItems", T::PathItemMap3, V31},
};
constexpr Field kServer[] = {
    {"url", T::String, kAll, kAll}, {"description", T::String}, {"variables", T::ServerVariableMap},
};
constexpr Field kServerVariable[] = {
    {"enum", T::StringList}, {"default", T::String, kAll, kAll}, {"description", T::String},
};
constexpr Field kSecScheme3[] = {
    {"type", T::String, V30, V30, "apiKey|http|oauth2|openIdConnect"},
    {"type", T::String, V31, V31, "apiKey|http|oauth2|openIdConnect|mutualTLS"},
    {"description", T::String},
    {"name", T::String},
    {"in", T::String, kAll, 0, "query|header|cookie"},
    {"scheme", T::String},
    {"bearerFormat", T::String},
    {"flows", T::OAuthFlows},
    {"openIdConnectUrl", T::String},
};
constexpr Field kOAuthFlows[] = {
    {"implicit", T::ImplicitFlow}, {"password", T::PasswordFlow},
    {"clientCredentials", T::PasswordFlow}, {"authorizationCode", T::AuthCodeFlow},
};
constexpr Field kImplicitFlow[] = {
    {"authorizationUrl", T::String, kAll, kAll}, {"tokenUrl", T::String}, {"refreshUrl", T::String},
    {"scopes", T::StringMap, kAll, kAll},
};
constexpr Field kPasswordFlow[] = {
    {"authorizationUrl", T::String}, {"tokenUrl", T::String, kAll, kAll}, {"refreshUrl", T::String},
    {"scopes", T::StringMap, kAll, kAll},
};
constexpr Field kAuthCodeFlow[] = {
    {"authorizationUrl", T::String, kAll, kAll}, {"tokenUrl", T::String, kAll, kAll}, {"refreshUrl", T::String},
    {"scopes", T::StringMap, kAll, kAll},
};
constexpr Field kDiscriminator[] = {{"propertyName", T::String, kAll, kAll}, {"mapping", T::StringMap}};
constexpr Field kSchema30[] = {
    {"$ref", T::String},          {"title", T::String},         {"multipleOf", T::Number},
    {"maximum", T::Number},       {"format", T::String},        {"exclusiveMaximum", T::Boolean},
    {"minimum", T::Number},       {"exclusiveMinimum", T::Boolean}, {"maxLength", T::Integer},
    {"minLength", T::Integer},    {"pattern", T::String},       {"maxItems", T::Integer},
    {"minItems", T::Integer},     {"uniqueItems", T::Boolean},  {"maxProperties", T::Integer},
    {"minProperties", T::Integer}, {"required", T::StringList}, {"enum", T::AnyList},
    {"type", T::String},          {"allOf", T::SchemaList3},    {"oneOf", T::SchemaList3},
    {"anyOf", T::SchemaList3},    {"not", T::Schema3},          {"items", T::Schema3},
    {"properties", T::SchemaMap3}, {"additionalProperties", T::SchemaOrBool3}, {"description", T::String},
    {"default", T::Any},          {"nullable", T::Boolean},     {"discriminator", T::Discriminator},
    {"readOnly", T::Boolean},     {"writeOnly", T::Boolean},    {"xml", T::Xml},
    {"externalDocs", T::ExternalDocs}, {"example", T::Any},     {"deprecated", T::Boolean},
};
// JSON Schema 2020-12: any keyword is allowed (kOpen); these are the ones walked or type-checked.
constexpr Field kSchema31[] = {
    {"$ref", T::String},           {"properties", T::SchemaMap3},      {"patternProperties", T::SchemaMap3},
    {"$defs", T::SchemaMap3},      {"definitions", T::SchemaMap3},     {"dependentSchemas", T::SchemaMap3},
    {"items", T::Schema3},         {"prefixItems", T::SchemaList3},    {"additionalProperties", T::Schema3},
    {"unevaluatedProperties", T::Schema3}, {"unevaluatedItems", T::Schema3}, {"contains", T::Schema3},
    {"propertyNames", T::Schema3}, {"not", T::Schema3},                {"if", T::Schema3},
    {"then", T::Schema3},          {"else", T::Schema3},               {"contentSchema", T::Schema3},
    {"allOf", T::SchemaList3},     {"anyOf", T::SchemaList3},          {"oneOf", T::SchemaList3},
    {"discriminator", T::Discriminator}, {"xml", T::Xml},              {"externalDocs", T::ExternalDocs},
    {"type", T::Any},              {"required", T::StringList},        {"enum", T::AnyList},
    {"multipleOf", T::Number},     {"maximum", T::Number},             {"minimum", T::Number},
    {"exclusiveMaximum", T::Number}, {"exclusiveMinimum", T::Number},  {"maxLength", T::Integer},
    {"minLength", T::Integer},     {"maxItems", T::Integer},           {"minItems", T::Integer},
    {"maxProperties", T::Integer}, {"minProperties", T::Integer},      {"readOnly", T::Boolean},
    {"writeOnly", T::Boolean},     {"deprecated", T::Boolean},         {"uniqueItems", T::Boolean},
};

// ---- AsyncAPI 2.x ----
constexpr Field kRootA[] = {
    {"asyncapi", T::String, kAll, kAll}, {"id", T::String},           {"info", T::Info, kAll, kAll},
    {"servers", T::ServersA},            {"defaultContentType", T::String}, {"channels", T::ChannelsA, kAll, kAll},
    {"components", T::AnyMap},           {"tags", T::TagList},        {"externalDocs", T::ExternalDocs},
};
constexpr Field kChannelA[] = {
    {"$ref", T::String},        {"description", T::String}, {"servers", T::StringList}, {"subscribe", T::OperationA},
    {"publish", T::OperationA}, {"parameters", T::AnyMap},  {"bindings", T::AnyMap},
};
constexpr Field kOperationA[] = {
    {"operationId", T::String}, {"summary", T::String},  {"description", T::String},
    {"security", T::AnyList},   {"tags", T::TagList},    {"externalDocs", T::ExternalDocs},
    {"bindings", T::AnyMap},    {"traits", T::AnyList},  {"message", T::Any},
};
constexpr Field kServerA[] = {
    {"url", T::String, kAll, kAll}, {"protocol", T::String, kAll, kAll}, {"protocolVersion", T::String},
    {"description", T::String},     {"variables", T::AnyMap},           {"security", T::AnyList},
    {"bindings", T::AnyMap},
};

constexpr std::uint8_t kObj = kExt;

constexpr TypeDef scalar(T id, std::string_view name) { return {id, name, Shape::scalar, {}, {}}; }
constexpr TypeDef object(T id, std::span<const Field> fields, std::uint8_t flags = kObj, std::string_view family = {},
                         std::span<const Field> more = {}) {
  return {id, "object", Shape::object, fields, more, T::Any, flags, family};
}
constexpr TypeDef map(T id, T element, std::uint8_t flags = 0, std::string_view family = {}) {
  return {id, "object", Shape::map, {}, {}, element, flags, family};
}
constexpr TypeDef list(T id, T element, std::uint8_t flags = 0) { return {id, "array", Shape::list, {}, {}, element, flags}; }
constexpr TypeDef alt(T id, std::uint8_t flags = 0, std::string_view family = {}) {
  return {id, "object", Shape::alt, {}, {}, T::Any, flags, family};
}

// In T order; checked by the static_assert below.
constexpr std::array kTypes = {
    scalar(T::Any, "any"),
    scalar(T::String, "string"),
    scalar(T::Boolean, "boolean"),
    scalar(T::Number, "number"),
    scalar(T::Integer, "integer"),
    list(T::StringList, T::String),
    list(T::AnyList, T::Any),
    map(T::AnyMap, T::Any),
    map(T::StringMap, T::String),
    map(T::StringListMap, T::StringList),
    list(T::SecurityReqList, T::StringListMap),
    object(T::Info, kInfo),
    object(T::Contact, kContact),
    object(T::License, kLicense),
    object(T::Tag, kTag),
    list(T::TagList, T::Tag),
    object(T::ExternalDocs, kExternalDocs),
    object(T::Xml, kXml),
    // Swagger 2.0
    object(T::Root2, kRoot2),
    map(T::Paths2, T::PathItem2, kQuotedKeys),  // x- keys: "unsupported" (see walker)
    object(T::PathItem2, kPathItem2, kExt | kRef | kVerbKeys, "PathItem"),
    object(T::Operation2, kOperation2),
    list(T::ParamList2, T::Param2, kNamedItems),
    alt(T::Param2, kRef, "Parameter"),
    object(T::BodyParam2, kBodyParam2, kExt, "Parameter"),
    object(T::OtherParam2, kOtherParam2, kExt, "Parameter", kPrimitive2),
    object(T::Items2, kItems2, kExt | kRef, "Schema", kPrimitive2),
    map(T::Responses2, T::Response2, kExt),
    object(T::Response2, kResponse2, kExt | kRef, "Response"),
    object(T::Header2, kHeader2, kExt, "Header", kPrimitive2),
    map(T::HeaderMap2, T::Header2),
    object(T::Schema2, kSchema2, kExt | kRef, "Schema"),
    map(T::SchemaMap2, T::Schema2),
    list(T::SchemaList2, T::Schema2),
    alt(T::SchemaOrBool2),
    alt(T::SchemaOrList2),
    map(T::ParamMap2, T::Param2),
    map(T::ResponseMap2, T::Response2),
    object(T::SecScheme2, kSecScheme2),
    map(T::SecSchemeMap2, T::SecScheme2),
    // OpenAPI 3.x
    object(T::Root3, kRoot3),
    map(T::Paths3, T::PathItem3, kExt | kQuotedKeys),
    object(T::PathItem3, kPathItem3, kExt | kRef | kVerbKeys, "PathItem"),
    object(T::Operation3, kOperation3),
    list(T::ParamList3, T::Param3, kNamedItems),
    object(T::Param3, kParam3, kExt | kRef, "Parameter"),
    map(T::Responses3, T::Response3, kExt),
    object(T::Response3, kResponse3, kExt | kRef, "Response"),
    object(T::Header3, kHeader3, kExt | kRef, "Header"),
    map(T::HeaderMap3, T::Header3),
    object(T::MediaType, kMediaType),
    map(T::ContentMap, T::MediaType, kQuotedKeys),
    object(T::Encoding, kEncoding),
    map(T::EncodingMap, T::Encoding),
    object(T::Example, kExample, kExt | kRef, "Example"),
    map(T::ExampleMap, T::Example),
    object(T::RequestBody, kRequestBody, kExt | kRef, "RequestBody"),
    map(T::RequestBodyMap, T::RequestBody),
    object(T::Link, kLink, kExt | kRef, "Link"),
    map(T::LinkMap, T::Link),
    map(T::Callback, T::PathItem3, kExt | kRef | kQuotedKeys, "Callback"),
    map(T::CallbackMap, T::Callback),
    object(T::Components, kComponents),
    object(T::Server, kServer),
    list(T::ServerList, T::Server),
    object(T::ServerVariable, kServerVariable),
    map(T::ServerVariableMap, T::ServerVariable),
    object(T::SecScheme3, kSecScheme3, kExt | kRef, "SecurityScheme"),
    map(T::SecSchemeMap3, T::SecScheme3),
    object(T::OAuthFlows, kOAuthFlows),
    object(T::ImplicitFlow, kImplicitFlow),
    object(T::PasswordFlow, kPasswordFlow),
    object(T::AuthCodeFlow, kAuthCodeFlow),
    object(T::Discriminator, kDiscriminator, kExt | kOpen),
    alt(T::Schema3, kRef, "Schema"),
    object(T::Schema30, kSchema30, kExt | kRef, "Schema"),
    object(T::Schema31, kSchema31, kExt | kRef | kOpen, "Schema"),
    map(T::SchemaMap3, T::Schema3),
    list(T::SchemaList3, T::Schema3),
    alt(T::SchemaOrBool3),
    map(T::ResponseMap3, T::Response3),
    map(T::ParamMap3, T::Param3),
    map(T::PathItemMap3, T::PathItem3),
    // AsyncAPI 2.x
    object(T::RootA, kRootA),
    map(T::ChannelsA, T::ChannelA, kQuotedKeys),
    object(T::ChannelA, kChannelA, kExt | kRef, "ChannelItem"),
    object(T::OperationA, kOperationA),
    map(T::ServersA, T::ServerA),
    object(T::ServerA, kServerA),
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (static_cast<std::size_t>(kTypes[i].id) != i) return false;
  return kTypes.size() == static_cast<std::size_t>(T::Count);
}
static_assert(in_enum_order(), "kTypes must list every T in declaration order");

}  // namespace

const TypeDef& type_def(T type) { return kTypes[static_cast<std::size_t>(type)]; }

const Field* find_field(const TypeDef& def, std::string_view key, Ver version) {
  for (const std::span<const Field> fields : {def.fields, def.more_fields})
    for (const Field& field : fields)
      if (field.key == key && (field.versions & version) != 0) return &field;
  return nullptr;
}

T root_type(Ver version) {
  switch (version) {
    case V2: return T::Root2;
    case VA2: return T::RootA;
    default: return T::Root3;
  }
}

T concrete_type(T type, const Node& node, Ver version) {
  switch (type) {
    case T::Param2:
      if (get(&node, "$ref") != nullptr) return T::Param2;  // a Reference Object
      return get_text(&node, "in") == "body" ? T::BodyParam2 : T::OtherParam2;
    case T::Schema3:
      if (version == V31) return node.kind == NodeKind::boolean ? T::Any : T::Schema31;
      return T::Schema30;
    case T::SchemaOrBool2:
      return node.kind == NodeKind::boolean ? T::Any : T::Schema2;
    case T::SchemaOrList2:
      return node.kind == NodeKind::sequence ? T::SchemaList2 : T::Schema2;
    case T::SchemaOrBool3:
      return node.kind == NodeKind::boolean ? T::Any : concrete_type(T::Schema3, node, version);
    default:
      return type;
  }
}

}  // namespace carport::apidef::detail
