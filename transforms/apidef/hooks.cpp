// Per-type semantic checks run by the walker after an object's fields were checked. Most mirror
// swagger-parser's deserialiser messages; the Swagger 2.0 parameter rules follow the 2.0 JSON
// Schema and APIDevTools' spec validator (rules prefixed "oas2-").
#include <algorithm>

#include "transforms/apidef/walker.hpp"

namespace carport::apidef::detail {
namespace {

constexpr std::string_view kSchemaTypes2 = "array|boolean|integer|number|null|object|string|file";
constexpr std::string_view kSchemaTypes31[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
constexpr int kMaxInheritance = 32;

bool contains(std::span<const std::string_view> values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool type_is(const Node* type, std::string_view name) {
  if (is_str(type)) return type->text == name;
  if (!is_seq(type)) return false;
  return std::any_of(type->items.begin(), type->items.end(), [&](const Node* item) { return is_str(item) && item->text == name; });
}

/// Property names of a schema, including those inherited through allOf (local refs followed).
/// False when some part could not be resolved (then nothing should be reported).
bool collect_properties(Refs& refs, const Node* schema, std::vector<std::string_view>& names,
                        std::vector<const Node*>& seen, int depth) {
  schema = refs.deref(schema);
  if (schema == nullptr || depth > kMaxInheritance) return false;
  if (std::find(seen.begin(), seen.end(), schema) != seen.end()) return true;
  seen.push_back(schema);
  if (const Node* properties = get(schema, "properties"); is_map(properties))
    for_each_member(*properties, [&](const Member& member) { names.push_back(member.key); });
  const Node* all_of = get(schema, "allOf");
  if (!is_seq(all_of)) return true;
  bool complete = true;
  for (const Node* part : all_of->items) complete = collect_properties(refs, part, names, seen, depth + 1) && complete;
  return complete;
}

bool valid_status_code(std::string_view key) {
  if (key == "default") return true;
  return key.size() == 3 && key[0] >= '1' && key[0] <= '5' && key[1] >= '0' && key[1] <= '9' && key[2] >= '0' &&
         key[2] <= '9';
}

}  // namespace

void Walker::hook(const Node& node, T type) {
  switch (type) {
    case T::Root3: root3_hook(node); break;
    case T::Operation2:
    case T::Operation3:
    case T::OperationA: operation_hook(node); break;
    case T::Schema2:
    case T::Schema30:
    case T::Schema31: schema_hook(node, type); break;
    case T::OtherParam2: param2_hook(node); break;
    case T::BodyParam2: body_param2_hook(node); break;
    case T::Items2:
    case T::Header2: primitive2_hook(node); break;
    case T::Param3: param3_hook(node); break;
    case T::Header3:
    case T::MediaType: examples_hook(node); break;
    case T::Responses2: responses2_hook(node); break;
    case T::SecScheme2: sec_scheme2_hook(node); break;
    case T::SecScheme3: sec_scheme3_hook(node); break;
    case T::ServerVariable:
      if (ctx_.version == V31) enum_hook(node);  // swagger-parser checks this for 3.1 only
      break;
    default: break;
  }
}

void Walker::root3_hook(const Node& node) {
  if (ctx_.version == V31 && get(&node, "paths") == nullptr && get(&node, "components") == nullptr &&
      get(&node, "webhooks") == nullptr)
    note("no-paths-components-webhooks", node,
         "The OpenAPI Document MUST contain at least one paths field, a components field or a webhooks field");
  const Node* tags = get(&node, "tags");
  if (!is_seq(tags)) return;
  std::vector<std::string_view> names;
  for (const Node* tag : tags->items) {
    const std::string_view name = get_text(tag, "name");
    if (name.empty()) continue;
    if (std::find(names.begin(), names.end(), name) != names.end())
      note_at("duplicate-tag", *tag, "tags", "attribute tags." + std::string(name) + " is repeated");
    names.push_back(name);
  }
}

void Walker::operation_hook(const Node& node) {
  const Node* id = get(&node, "operationId");
  if (id == nullptr || !id->is_scalar() || id->kind == NodeKind::null || id->text.empty()) return;
  if (!operation_ids_.insert(id->text).second)
    note_at("duplicate-operation-id", *id, "operationId", attribute("operationId") + " is repeated");
}

void Walker::enum_hook(const Node& node) {
  const Node* values = get(&node, "enum");
  if (is_seq(values) && values->items.empty())
    note_at("enum-empty", *values, "enum", where() + ".enum array MUST NOT be empty");
}

void Walker::items_required(const Node& node, bool is_array) {
  if (is_array && get(&node, "items") == nullptr)
    note_at("schema-items-missing", node, "items", attribute("items") + " is missing");
}

void Walker::schema_hook(const Node& node, T type) {
  enum_hook(node);
  if (const Node* multiple = get(&node, "multipleOf");
      multiple != nullptr && (multiple->kind == NodeKind::integer || multiple->kind == NodeKind::number)) {
    double value = 0;
    if (parse_number(multiple->text, value) && value <= 0)
      note_at("multiple-of", *multiple, "multipleOf", where() + ".multipleOf value must be > 0");
  }
  if (is_true(get(&node, "readOnly")) && is_true(get(&node, "writeOnly")))
    note("read-write-only", node, where() + ": writeOnly and readOnly are both present");
  schema_type_values(node, type);
  // 2.0/3.0: an array schema needs items (swagger-parser: "items is missing"); a 3.1 schema is
  // JSON Schema 2020-12, where items is optional.
  if (type != T::Schema31) items_required(node, type_is(get(&node, "type"), "array") && is_str(get(&node, "type")));
  if (type == T::Schema2) schema2_required(node);
}

void Walker::schema_type_values(const Node& node, T type) {
  const Node* schema_type = get(&node, "type");
  if (schema_type == nullptr || type == T::Schema30) return;  // 3.0: a plain string, checked by the table
  std::vector<const Node*> values;
  if (is_seq(schema_type)) {
    values = schema_type->items;
  } else if (schema_type->is_scalar()) {
    values.push_back(schema_type);
  } else {
    note_at("wrong-type", *schema_type, "type", attribute("type") + " is not of type `string`");
    return;
  }
  for (const Node* value : values) {
    const std::string_view text = value->is_scalar() ? std::string_view(value->text) : std::string_view();
    if (type == T::Schema2) {
      if (!in_choices(kSchemaTypes2, text))
        note_at("invalid-value", *value, "type",
                attribute("type") + " is not of type `" + std::string(kSchemaTypes2) + "`");
    } else if (!contains(kSchemaTypes31, text)) {
      note_at("invalid-value", *value, "type", where() + ": invalid type " + std::string(text));
    }
  }
}

void Walker::schema2_required(const Node& node) {
  // Like APIDevTools, only top-level schemas: definitions and body parameter schemas.
  const bool definition = path_.size() == 2 && path_.front().member != nullptr && path_.front().member->key == "definitions";
  if (!definition && path_.back().parent != T::BodyParam2) return;
  const Node* required = get(&node, "required");
  if (!is_seq(required) || required->items.empty() || !type_is(get(&node, "type"), "object")) return;
  std::vector<std::string_view> names;
  std::vector<const Node*> seen;
  if (!collect_properties(ctx_.refs, &node, names, seen, 0)) return;
  for (const Node* name : required->items) {
    if (!is_str(name) || std::find(names.begin(), names.end(), name->text) != names.end()) continue;
    note_at("oas2-required-property", *name, "required",
            "Property '" + name->text + "' listed as required but does not exist in '" + pointer() + "'");
  }
}

void Walker::path_param_required(const Node& node) {
  if (get_text(&node, "in") == "path" && !is_true(get(&node, "required")))
    note("path-param-not-required", node,
         "For path parameter " + std::string(get_text(&node, "name")) + " the required value should be true");
}

void Walker::param2_hook(const Node& node) {
  const std::string_view in = get_text(&node, "in");
  const std::string_view type = get_text(&node, "type");
  if (type == "file" && in != "formData")
    note_at("oas2-file-location", node, "type", where() + ": parameters of type file must be in: formData");
  if (get_text(&node, "collectionFormat") == "multi" && in != "query" && in != "formData")
    note_at("oas2-collection-format", node, "collectionFormat",
            where() + ": collectionFormat multi is only allowed for query and formData parameters");
  items_required(node, type == "array");
  path_param_required(node);
  enum_hook(node);
}

void Walker::body_param2_hook(const Node& node) {
  const Node* schema = ctx_.refs.deref(get(&node, "schema"));
  if (get_text(schema, "type") == "file")
    note_at("oas2-file-location", node, "schema", where() + ": body parameters cannot be of type file");
}

void Walker::primitive2_hook(const Node& node) {
  items_required(node, get_text(&node, "type") == "array");
  enum_hook(node);
}

void Walker::param3_hook(const Node& node) {
  path_param_required(node);
  examples_hook(node);
  if (ctx_.version != V31 || get(&node, "allowReserved") == nullptr) return;
  // 3.1: allowReserved only applies where values are percent-encoded (query, form-style cookies).
  const std::string_view in = get_text(&node, "in");
  const std::string_view style = get_text(&node, "style");
  if (in == "query" || (in == "cookie" && (style.empty() || style == "form"))) return;
  note_at("allow-reserved", node, "allowReserved",
          attribute("allowReserved") + " is unexpected for in: " + std::string(in));
}

void Walker::examples_hook(const Node& node) {
  if (get(&node, "example") != nullptr && get(&node, "examples") != nullptr)
    note_at("example-and-examples", node, "example", where() + ": examples already defined -- ignoring \"example\" field");
}

void Walker::responses2_hook(const Node& node) {
  bool any = false;
  for_each_member(node, [&](const Member& member) {
    if (is_extension(member.key)) return;
    any = true;
    if (!valid_status_code(member.key) || member.key[0] == '0')
      ctx_.sink.add("oas2-response-code", member.key_line, member.key_column, pointer(member.key),
                    attribute(member.key) + " is not a valid HTTP status code");
  });
  if (!any) note("required-field", node, attribute({}) + " is missing");
}

void Walker::sec_scheme2_hook(const Node& node) {
  const std::string_view type = get_text(&node, "type");
  std::vector<std::string_view> required;
  if (type == "apiKey") required = {"name", "in"};
  if (type == "oauth2") {
    required = {"flow", "scopes"};
    const std::string_view flow = get_text(&node, "flow");
    if (flow == "implicit" || flow == "accessCode") required.push_back("authorizationUrl");
    if (flow == "password" || flow == "application" || flow == "accessCode") required.push_back("tokenUrl");
  }
  for (const std::string_view key : required)
    if (get(&node, key) == nullptr) missing(node, key, T::SecScheme2);
}

void Walker::sec_scheme3_hook(const Node& node) {
  const std::string_view type = get_text(&node, "type");
  std::vector<std::string_view> required;
  if (type == "apiKey") required = {"name", "in"};
  if (type == "http") required = {"scheme"};
  if (type == "oauth2") required = {"flows"};
  if (type == "openIdConnect") required = {"openIdConnectUrl"};
  for (const std::string_view key : required)
    if (get(&node, key) == nullptr) missing(node, key, T::SecScheme3);
}

}  // namespace carport::apidef::detail
