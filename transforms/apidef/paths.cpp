// Path-level semantics, after the structural walk: path keys, template parameters, duplicate
// parameters, the Swagger 2.0 parameter rules, and WSO2's own checks on resource paths.
#include <algorithm>
#include <set>
#include <utility>

#include "transforms/apidef/checker.hpp"

namespace carport::apidef::detail {
namespace {

constexpr std::string_view kVerbs[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
/// The verbs WSO2 turns into URI templates.
constexpr std::string_view kTemplateVerbs[] = {"get", "put", "post", "delete", "patch", "head", "options"};

/// One parameter of a list, its `$ref` followed when it is local.
struct Param {
  std::string_view name;
  std::string_view in;
  const Node* at = nullptr;  ///< the list item as written
  std::string pointer;
  bool unknown = false;      ///< a $ref that does not resolve locally: could be anything
};

/// A member record for a key (the last duplicate, or one from a merge), for its position.
const Member* member_of(const Node& map, std::string_view key) {
  for (auto it = map.members.rbegin(); it != map.members.rend(); ++it)
    if (it->key == key) return &*it;
  for (const Member* member : merged_members(map))
    if (member->key == key) return member;
  return nullptr;
}

std::string child_pointer(std::string base, std::string_view token) {
  append_pointer_token(base, token);
  return base;
}

/// The {names} of a path template, in order (duplicates kept).
std::vector<std::string_view> template_names(std::string_view path) {
  std::vector<std::string_view> names;
  for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    const std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    if (close > open + 1) names.push_back(path.substr(open + 1, close - open - 1));
  }
  return names;
}

/// Where (the node and its pointer) a finding about an operation or path item goes.
struct Site {
  const Node* node;
  std::uint32_t line;
  std::uint32_t column;
  std::string pointer;
  std::string location;  ///< paths.'/p'(verb)
};

class PathChecker {
 public:
  explicit PathChecker(Context& context) : ctx_(context) {}
  void run(const Node& paths);

 private:
  void path_item(const Member& member, const Node& item);
  std::vector<Param> params(const Node* list, const std::string& pointer);
  void duplicates(const std::vector<Param>& list, const std::string& location);
  void operation(const Site& site, const Node& op, const std::vector<Param>& path_params,
                 const std::vector<std::string_view>& names, std::set<std::string_view>& undeclared);
  void swagger2_rules(const Site& site, const Node& op, const std::vector<Param>& effective,
                      const std::vector<std::string_view>& names);
  void wso2_trailing_slash(const Node& paths);

  Context& ctx_;
  bool any_template_ = false;
  std::set<std::pair<std::string_view, std::string_view>> operations_;  ///< (path, verb)
};

void PathChecker::run(const Node& paths) {
  for_each_member(paths, [&](const Member& member) {
    if (is_extension(member.key)) return;
    const std::string pointer = child_pointer("/paths", member.key);
    if (member.key.empty()) {
      ctx_.sink.add("wso2-empty-resource-path", member.key_line, member.key_column, pointer,
                    "A resource path is empty in the swagger definition");
    } else if (member.key[0] != '/') {
      ctx_.sink.add("path-start-slash", member.key_line, member.key_column, pointer,
                    "Resource " + member.key + " should start with /");
    }
    if (const Node* item = ctx_.refs.deref(member.value)) path_item(member, *item);
  });
  if (ctx_.version == V2 && !any_template_)
    ctx_.sink.add("wso2-empty-resource-paths", paths, "/paths", "Empty resource paths found in the swagger definition");
  wso2_trailing_slash(paths);
}

std::vector<Param> PathChecker::params(const Node* list, const std::string& pointer) {
  std::vector<Param> out;
  if (!is_seq(list)) return out;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const Node* item = list->items[i];
    if (!is_map(item)) continue;
    const Node* param = ctx_.refs.deref(item);
    Param entry{get_text(param, "name"), get_text(param, "in"), item, pointer + "/" + std::to_string(i),
                param == nullptr};
    out.push_back(std::move(entry));
  }
  return out;
}

void PathChecker::duplicates(const std::vector<Param>& list, const std::string& location) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].unknown) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].unknown || list[j].name != list[i].name || list[j].in != list[i].in) continue;
      ctx_.sink.add("duplicate-parameter", *list[i].at, list[i].pointer,
                    "There are duplicate parameter values (name " + std::string(list[i].name) + ", in " +
                        std::string(list[i].in) + ") in " + location + ".parameters");
      break;
    }
  }
}

void PathChecker::path_item(const Member& member, const Node& item) {
  const std::string pointer = child_pointer("/paths", member.key);
  const std::string location = "paths.'" + member.key + "'";
  const std::vector<Param> path_params = params(get(&item, "parameters"), pointer + "/parameters");
  duplicates(path_params, location);
  const std::vector<std::string_view> names = template_names(member.key);
  if (ctx_.version == V2) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
          names.begin() + static_cast<std::ptrdiff_t>(i))
        ctx_.sink.add("oas2-duplicate-placeholder", member.key_line, member.key_column, pointer,
                      location + " has multiple path placeholders named {" + std::string(names[i]) + "}");
  }
  std::set<std::string_view> undeclared;
  for (const std::string_view verb : kVerbs) {
    if (verb == "trace" && ctx_.version == V2) continue;
    const Node* op = get(&item, verb);
    if (!is_map(op)) continue;
    if (std::find(std::begin(kTemplateVerbs), std::end(kTemplateVerbs), verb) != std::end(kTemplateVerbs)) {
      any_template_ = true;
      operations_.emplace(member.key, verb);
    }
    const Member* verb_member = member_of(item, verb);
    const Site site{op, verb_member != nullptr ? verb_member->key_line : op->line,
                    verb_member != nullptr ? verb_member->key_column : op->column, child_pointer(pointer, verb),
                    operation_location(member.key, verb)};
    operation(site, *op, path_params, names, undeclared);
  }
  for (const std::string_view name : undeclared)
    ctx_.sink.add("path-param-undeclared", member.key_line, member.key_column, pointer,
                  "Declared path parameter " + std::string(name) +
                      " needs to be defined as a path parameter in path or operation level (" + location + ")");
}

bool declares(const std::vector<Param>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(),
                     [&](const Param& p) { return p.unknown || (p.in == "path" && p.name == name); });
}

void PathChecker::operation(const Site& site, const Node& op, const std::vector<Param>& path_params,
                            const std::vector<std::string_view>& names, std::set<std::string_view>& undeclared) {
  const std::vector<Param> own = params(get(&op, "parameters"), site.pointer + "/parameters");
  duplicates(own, site.location);
  for (const std::string_view name : names)
    if (!declares(path_params, name) && !declares(own, name)) undeclared.insert(name);
  if (ctx_.version != V2) return;
  // Operation parameters override path-level ones with the same name and location.
  std::vector<Param> effective = own;
  for (const Param& inherited : path_params) {
    const bool overridden = std::any_of(own.begin(), own.end(), [&](const Param& p) {
      return !p.unknown && p.name == inherited.name && p.in == inherited.in;
    });
    if (!overridden) effective.push_back(inherited);
  }
  swagger2_rules(site, op, effective, names);
}

bool form_media_type(std::string_view media) {
  media = media.substr(0, media.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  const auto subtype_ends_with = [&](std::string_view type, std::string_view suffix) {
    if (!starts_with(media, type)) return false;
    const std::string_view subtype = media.substr(type.size());
    return subtype == suffix ||
           (subtype.size() > suffix.size() && subtype.substr(subtype.size() - suffix.size()) == suffix &&
            subtype[subtype.size() - suffix.size() - 1] == '+');
  };
  return subtype_ends_with("multipart/", "form-data") || subtype_ends_with("application/", "x-www-form-urlencoded");
}

void PathChecker::swagger2_rules(const Site& site, const Node& op, const std::vector<Param>& effective,
                                 const std::vector<std::string_view>& names) {
  int body = 0;
  bool form = false;
  bool file = false;
  for (const Param& p : effective) {
    if (p.unknown) continue;
    body += p.in == "body" ? 1 : 0;
    form = form || p.in == "formData";
    file = file || (p.in == "formData" && get_text(ctx_.refs.deref(p.at), "type") == "file");
    if (p.in == "path" && std::find(names.begin(), names.end(), p.name) == names.end())
      ctx_.sink.add("oas2-path-param-no-placeholder", *p.at, p.pointer,
                    site.location + " has a path parameter named \"" + std::string(p.name) +
                        "\", but there is no corresponding {" + std::string(p.name) + "} in the path string");
  }
  if (body > 1)
    ctx_.sink.add("oas2-multiple-body", site.line, site.column, site.pointer,
                  site.location + " has " + std::to_string(body) + " body parameters. Only one is allowed.");
  if (body > 0 && form)
    ctx_.sink.add("oas2-body-and-form", site.line, site.column, site.pointer,
                  site.location + " has body parameters and formData parameters. Only one or the other is allowed.");
  if (!file) return;
  const Node* consumes = get(&op, "consumes");
  if (consumes == nullptr) consumes = get(&ctx_.root, "consumes");
  const bool ok = is_seq(consumes) && std::any_of(consumes->items.begin(), consumes->items.end(), [](const Node* c) {
                    return is_str(c) && form_media_type(c->text);
                  });
  if (!ok)
    ctx_.sink.add("oas2-file-consumes", site.line, site.column, site.pointer,
                  site.location +
                      " has a file parameter, so it must consume multipart/form-data or application/x-www-form-urlencoded");
}

/// WSO2 4.2+: `/x` and `/x/` with the same verb make two URI templates that collide.
void PathChecker::wso2_trailing_slash(const Node& paths) {
  const std::string_view definition = ctx_.version == V2 ? "swagger" : "openapi";
  for_each_member(paths, [&](const Member& member) {
    const std::string_view key = member.key;
    if (key.size() < 2 || key.back() != '/') return;
    const std::string_view base = key.substr(0, key.size() - 1);
    for (const std::string_view verb : kTemplateVerbs) {
      if (operations_.count({key, verb}) == 0 || operations_.count({base, verb}) == 0) continue;
      std::string upper(verb);
      std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(c - 'a' + 'A'); });
      ctx_.sink.add("wso2-trailing-slash-duplicate", member.key_line, member.key_column,
                    child_pointer("/paths", key),
                    "Multiple " + upper + " operations with the same resource path " + std::string(base) +
                        " found in the " + std::string(definition) + " definition");
    }
  });
}

}  // namespace

std::string operation_location(std::string_view path, std::string_view verb) {
  return "paths.'" + std::string(path) + "'(" + std::string(verb) + ")";
}

void check_paths(Context& context) {
  if (context.version == VA2) return;
  const Node* paths = get(&context.root, "paths");
  if (!is_map(paths)) return;
  PathChecker(context).run(*paths);
}

}  // namespace carport::apidef::detail
