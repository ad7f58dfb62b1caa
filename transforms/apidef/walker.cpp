// The table-driven structural walk: every node is checked against its type from types.cpp
// (unknown / missing fields, wrong JSON types, value choices, $ref rules), then a per-type hook
// adds the semantic checks swagger-parser makes while deserialising (see hooks.cpp).
#include "transforms/apidef/walker.hpp"

#include <charconv>

namespace carport::apidef::detail {
namespace {

bool is_verb(std::string_view key) {
  return key == "get" || key == "put" || key == "post" || key == "delete" || key == "options" || key == "head" ||
         key == "patch" || key == "trace";
}

/// The noun swagger-parser uses when a components key breaks ^[a-zA-Z0-9\.\-_]+$.
std::string_view component_noun(T map_type) {
  switch (map_type) {
    case T::SchemaMap3: return "Schema name";
    case T::ResponseMap3: return "Response key";
    case T::ParamMap3: return "Parameter name";
    case T::ExampleMap: return "Example name";
    case T::RequestBodyMap: return "RequestBody name";
    case T::HeaderMap3: return "Header name";
    case T::SecSchemeMap3: return "SecurityScheme name";
    case T::LinkMap: return "Link name";
    case T::CallbackMap: return "Callback key";
    case T::PathItemMap3: return "PathItem key";
    default: return {};
  }
}

bool is_component_name(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

// ---- locations ----

std::string Walker::pointer() const {
  std::string out;
  for (const Seg& seg : path_) {
    if (seg.member != nullptr) {
      append_pointer_token(out, seg.member->key);
    } else {
      out += '/';
      out += std::to_string(seg.index);
    }
  }
  return out;
}

std::string Walker::pointer(std::string_view key) const {
  std::string out = pointer();
  append_pointer_token(out, key);
  return out;
}

std::string Walker::location() const {
  std::string out;
  for (const Seg& seg : path_) {
    const TypeDef& parent = type_def(seg.parent);
    if (seg.member != nullptr) {
      const std::string& key = seg.member->key;
      if ((parent.flags & kQuotedKeys) != 0) {
        if (!out.empty()) out += '.';
        out += '\'' + key + '\'';
      } else if ((parent.flags & kVerbKeys) != 0 && is_verb(key)) {
        out += '(' + key + ')';
      } else {
        if (!out.empty()) out += '.';
        out += key;
      }
    } else if ((parent.flags & kNamedItems) != 0 && !get_text(seg.node, "name").empty()) {
      out += ".[" + std::string(get_text(seg.node, "name")) + ']';
    } else {
      out += '[' + std::to_string(seg.index) + ']';
    }
  }
  return out;
}

std::string Walker::attribute(std::string_view key) const {
  std::string loc = location();
  if (!loc.empty() && !key.empty()) loc += '.';
  loc += key;
  return "attribute " + loc;
}

// ---- reporting ----

void Walker::unexpected(const Member& member, bool unsupported) {
  ctx_.sink.add(unsupported ? "unsupported-field" : "unexpected-field", member.key_line, member.key_column,
                pointer(member.key), attribute(member.key) + (unsupported ? " is unsupported" : " is unexpected"));
}

void Walker::missing(const Node& object, std::string_view key, T type) {
  std::string_view rule = "required-field";
  if (type == T::Root2 || type == T::Root3 || type == T::RootA) {
    if (key == "info") rule = "missing-info";
  } else if (type == T::Info) {
    if (key == "title") rule = "missing-info-title";
    if (key == "version") rule = "missing-info-version";
  }
  ctx_.sink.add(rule, object, pointer(key), attribute(key) + " is missing");
}

void Walker::wrong_type(const Node& value, std::string_view expected) {
  ctx_.sink.add("wrong-type", value, pointer(), attribute({}) + " is not of type `" + std::string(expected) + "`");
}

void Walker::note(std::string_view rule, const Node& at, std::string message, bool is_error) {
  ctx_.sink.add(rule, at, pointer(), std::move(message), is_error);
}

void Walker::note_at(std::string_view rule, const Node& at, std::string_view key, std::string message) {
  ctx_.sink.add(rule, at, pointer(key), std::move(message));
}

std::string Walker::where() const {
  std::string loc = location();
  return loc.empty() ? std::string("root") : loc;
}

// ---- the walk ----

void Walker::run() {
  visit(ctx_.root, root_type(ctx_.version), {});
}

bool Walker::enter(const Node& node, T type) {
  if (++visits_ > kMaxVisits) {
    if (!budget_reported_) note("budget-exceeded", node, "validation stopped: the document is too large", false);
    budget_reported_ = true;
    return false;
  }
  if (path_.size() > kMaxDepth) {
    if (!depth_reported_) note("depth-limit", node, "nesting deeper than 300 levels is not validated", false);
    depth_reported_ = true;
    return false;
  }
  if (node.is_scalar()) return true;
  const std::uint64_t key = (static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&node)) << 8) |
                            static_cast<std::uint64_t>(type);
  return visited_.insert(key).second;  // shared (aliased) subtrees are checked once per type
}

void Walker::visit(const Node& node, T declared, std::string_view choices) {
  const T type = concrete_type(declared, node, ctx_.version);
  if (type == T::Any || !enter(node, type)) return;
  const TypeDef& def = type_def(type);
  if (def.shape == Shape::scalar) {
    check_scalar(node, def, choices);
    return;
  }
  const bool want_map = def.shape != Shape::list;
  if (node.kind != (want_map ? NodeKind::mapping : NodeKind::sequence)) {
    wrong_type(node, def.name);
    return;
  }
  if ((def.flags & kRef) != 0 && get(&node, "$ref") != nullptr) {
    const bool handled = reference(node, def);
    if (handled || type != T::Schema31) return;  // 3.1 schemas: $ref is one keyword among others
  }
  if (def.shape == Shape::object) {
    visit_object(node, def);
  } else if (def.shape == Shape::map) {
    visit_map(node, def);
  } else {
    visit_list(node, def);
  }
  hook(node, type);
}

bool Walker::reference(const Node& node, const TypeDef& def) {
  const Node* ref = get(&node, "$ref");
  if (!is_str(ref)) {
    ctx_.sink.add("wrong-type", *ref, pointer("$ref"), attribute("$ref") + " is not of type `string`");
    return true;
  }
  if (auto problem = ctx_.refs.check(*ref, def.family))
    ctx_.sink.add(problem->rule, *ref, pointer("$ref"), std::move(problem->message), problem->is_error);
  // 2.0/3.0: siblings of $ref are ignored. 3.1 Reference Objects may carry summary/description
  // (also ignored); a 3.1 schema goes on with its other keywords.
  return def.id != T::Schema31;
}

void Walker::check_scalar(const Node& node, const TypeDef& def, std::string_view choices) {
  if (def.id == T::Any) return;
  if (!node.is_scalar()) {
    wrong_type(node, def.name);
    return;
  }
  // Like swagger-parser, a number or boolean where a string is expected is accepted as its text.
  if (!choices.empty() && node.kind != NodeKind::null && !in_choices(choices, node.text))
    ctx_.sink.add("invalid-value", node, pointer(), attribute({}) + " is not of type `" + std::string(choices) + "`");
}

bool Walker::skipped(std::string_view key) const {
  // WSO2 deletes every `servers` key under `paths` before parsing (OASParserUtil pre-processing).
  return in_paths_ && key == "servers";
}

void Walker::visit_object(const Node& node, const TypeDef& def) {
  for_each_member(node, [&](const Member& member) {
    if (skipped(member.key)) return;
    reserved_extension(member);
    if (const Field* field = find_field(def, member.key, ctx_.version)) {
      Scope scope(*this, &member, 0, member.value, def.id);
      visit(*member.value, field->type, field->choices);
      return;
    }
    if (is_extension(member.key) ? (def.flags & kExt) != 0 : (def.flags & kOpen) != 0) return;
    unexpected(member, false);
  });
  for (const std::span<const Field> fields : {def.fields, def.more_fields})
    for (const Field& field : fields)
      if ((field.required & ctx_.version) != 0 && (field.versions & ctx_.version) != 0 && !skipped(field.key) &&
          get(&node, field.key) == nullptr)
        missing(node, field.key, def.id);
}

void Walker::visit_map(const Node& node, const TypeDef& def) {
  const std::string_view noun =
      !path_.empty() && path_.back().parent == T::Components ? component_noun(def.id) : std::string_view();
  for_each_member(node, [&](const Member& member) {
    if (skipped(member.key)) return;
    if (def.id == T::Paths2 && is_extension(member.key)) {
      unexpected(member, true);  // swagger-parser v1 reports x- keys under paths
      return;
    }
    if ((def.flags & kExt) != 0 && is_extension(member.key)) {
      reserved_extension(member);
      return;
    }
    if (!noun.empty() && !is_component_name(member.key))
      ctx_.sink.add("component-name", member.key_line, member.key_column, pointer(member.key),
                    std::string(noun) + " " + member.key + " doesn't adhere to regular expression ^[a-zA-Z0-9\\.\\-_]+$");
    Scope scope(*this, &member, 0, member.value, def.id);
    visit(*member.value, def.element, {});
  });
}

void Walker::visit_list(const Node& node, const TypeDef& def) {
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    Scope scope(*this, nullptr, i, node.items[i], def.id);
    visit(*node.items[i], def.element, {});
  }
}

void Walker::reserved_extension(const Member& member) {
  if (ctx_.version == V31 && (starts_with(member.key, "x-oai-") || starts_with(member.key, "x-oas-")))
    ctx_.sink.add("reserved-extension", member.key_line, member.key_column, pointer(member.key),
                  attribute(member.key) + " is reserved by The OpenAPI Initiative");
}

Walker::Scope::Scope(Walker& walker, const Member* member, std::size_t index, const Node* node, T parent)
    : walker_(walker) {
  walker_.path_.push_back(Seg{member, index, node, parent});
  if (walker_.path_.size() == 1) walker_.in_paths_ = member != nullptr && member->key == "paths" && walker_.ctx_.version != VA2;
}

Walker::Scope::~Scope() {
  walker_.path_.pop_back();
  if (walker_.path_.empty()) walker_.in_paths_ = false;
}

bool in_choices(std::string_view choices, std::string_view value) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = choices.find('|', start);
    if (choices.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start) == value)
      return true;
    if (bar == std::string_view::npos) return false;
    start = bar + 1;
  }
}

bool parse_number(std::string_view text, double& value) {
  if (text.empty()) return false;
  if (text[0] == '+') text.remove_prefix(1);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

void walk_document(Context& context) {
  Walker walker(context);
  walker.run();
}

}  // namespace carport::apidef::detail
