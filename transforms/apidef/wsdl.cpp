// WSDL check (WSO2 uses WSDL4J for 1.1 and Woden for 2.0): well-formed XML (pugixml), the root
// element, at least one interface-level component, and QName references between components
// (binding -> portType/interface, port/endpoint -> binding). Rule ids are "wsdl-*".
#include <algorithm>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "transforms/apidef/internal.hpp"

namespace carport::apidef {
namespace {

constexpr std::string_view kWsdl11 = "http://schemas.xmlsoap.org/wsdl/";
constexpr std::string_view kWsdl20 = "http://www.w3.org/ns/wsdl";

std::string_view local_name(std::string_view qname) {
  const std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

/// The namespace URI of an element, from the xmlns declarations in scope.
std::string_view namespace_of(const pugi::xml_node& element) {
  const std::string_view name = element.name();
  const std::size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string_view::npos ? std::string("xmlns") : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node node = element; node; node = node.parent())
    if (const pugi::xml_attribute declared = node.attribute(attribute.c_str())) return declared.value();
  return {};
}

class WsdlChecker {
 public:
  WsdlChecker(std::string_view xml, detail::Sink& sink) : xml_(xml), sink_(sink) {}

  void add(std::string_view rule, const pugi::xml_node& at, std::string message) {
    // pugixml gives the offset of the element's name; report at its '<'.
    std::size_t offset = at.offset_debug() < 0 ? 0 : static_cast<std::size_t>(at.offset_debug());
    if (offset > 0 && offset <= xml_.size() && xml_[offset - 1] == '<') --offset;
    const detail::LineCol where = detail::line_col_at(xml_, offset);
    sink_.add(rule, where.line, where.column, "", std::move(message));
  }

  /// Children of `parent` in the WSDL namespace with this local name.
  std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view local, std::string_view ns) const {
    std::vector<pugi::xml_node> out;
    for (const pugi::xml_node child : parent.children())
      if (child.type() == pugi::node_element && local_name(child.name()) == local && namespace_of(child) == ns)
        out.push_back(child);
    return out;
  }

  static std::vector<std::string_view> names(const std::vector<pugi::xml_node>& nodes) {
    std::vector<std::string_view> out;
    for (const pugi::xml_node& node : nodes) out.push_back(node.attribute("name").value());
    return out;
  }

  /// Each `element` (from `list`) must name, in `attribute`, one of `targets` by QName local part.
  void references(const std::vector<pugi::xml_node>& list, const char* attribute,
                  const std::vector<std::string_view>& targets, std::string_view rule, std::string_view what,
                  std::string_view target_kind) {
    for (const pugi::xml_node& node : list) {
      const std::string_view ref = node.attribute(attribute).value();
      if (ref.empty()) {
        add(rule, node, std::string(what) + " '" + node.attribute("name").value() + "' has no " + attribute + " attribute");
      } else if (std::find(targets.begin(), targets.end(), local_name(ref)) == targets.end()) {
        add(rule, node, std::string(what) + " '" + node.attribute("name").value() + "' refers to unknown " +
                            std::string(target_kind) + " '" + std::string(ref) + "'");
      }
    }
  }

  void wsdl11(const pugi::xml_node& root) {
    const auto port_types = children(root, "portType", kWsdl11);
    const auto bindings = children(root, "binding", kWsdl11);
    const auto services = children(root, "service", kWsdl11);
    // Imported documents may hold the referenced components: then references are not checked.
    const bool imports = !children(root, "import", kWsdl11).empty();
    if (port_types.empty() && bindings.empty() && services.empty()) {
      if (!imports) add("wsdl-empty", root, "the WSDL 1.1 document defines no portType, binding or service");
      return;
    }
    if (imports) return;
    references(bindings, "type", names(port_types), "wsdl-binding-porttype", "binding", "portType");
    std::vector<pugi::xml_node> ports;
    for (const pugi::xml_node& service : services)
      for (const pugi::xml_node& port : children(service, "port", kWsdl11)) ports.push_back(port);
    references(ports, "binding", names(bindings), "wsdl-port-binding", "port", "binding");
  }

  void wsdl20(const pugi::xml_node& root) {
    const auto interfaces = children(root, "interface", kWsdl20);
    const auto bindings = children(root, "binding", kWsdl20);
    const auto services = children(root, "service", kWsdl20);
    const bool imports = !children(root, "import", kWsdl20).empty() || !children(root, "include", kWsdl20).empty();
    if (interfaces.empty() && bindings.empty() && services.empty()) {
      if (!imports) add("wsdl-empty", root, "the WSDL 2.0 document defines no interface, binding or service");
      return;
    }
    if (imports) return;
    std::vector<pugi::xml_node> typed_bindings;
    for (const pugi::xml_node& binding : bindings)
      if (binding.attribute("interface")) typed_bindings.push_back(binding);  // optional in 2.0
    references(typed_bindings, "interface", names(interfaces), "wsdl-binding-interface", "binding", "interface");
    references(services, "interface", names(interfaces), "wsdl-service-interface", "service", "interface");
    std::vector<pugi::xml_node> endpoints;
    for (const pugi::xml_node& service : services)
      for (const pugi::xml_node& endpoint : children(service, "endpoint", kWsdl20)) endpoints.push_back(endpoint);
    references(endpoints, "binding", names(bindings), "wsdl-endpoint-binding", "endpoint", "binding");
  }

  void run(ValidationResult& result) {
    pugi::xml_document document;
    const pugi::xml_parse_result parsed = document.load_buffer(xml_.data(), xml_.size(), pugi::parse_default,
                                                               pugi::encoding_auto);
    if (!parsed) {
      const detail::LineCol where =
          detail::line_col_at(xml_, parsed.offset < 0 ? 0 : static_cast<std::size_t>(parsed.offset));
      sink_.add("wsdl-xml", where.line, where.column, "", std::string("XML: ") + parsed.description());
      return;
    }
    const pugi::xml_node root = document.document_element();
    const std::string_view local = local_name(root.name());
    const std::string_view ns = namespace_of(root);
    if (local == "definitions" && ns == kWsdl11) {
      result.spec_version = "1.1";
      wsdl11(root);
    } else if (local == "description" && ns == kWsdl20) {
      result.spec_version = "2.0";
      wsdl20(root);
    } else {
      add("wsdl-root", root,
          "the root element is '" + std::string(root.name()) + "' in namespace '" + std::string(ns) +
              "'; expected 'definitions' (" + std::string(kWsdl11) + ") or 'description' (" + std::string(kWsdl20) + ")");
    }
  }

 private:
  std::string_view xml_;
  detail::Sink& sink_;
};

}  // namespace

ValidationResult validate_wsdl(std::string_view xml) {
  ValidationResult result;
  result.kind = SpecKind::wsdl;
  try {
    detail::Sink sink;
    WsdlChecker(xml, sink).run(result);
    result.findings = std::move(sink.findings());
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return a.line != b.line ? a.line < b.line : a.column != b.column ? a.column < b.column : a.rule < b.rule;
    });
  } catch (...) {
    result.findings.clear();
    result.findings.push_back(Finding{"internal-error", true, 0, 0, "", "WSDL validation failed"});
  }
  return result;
}

}  // namespace carport::apidef
