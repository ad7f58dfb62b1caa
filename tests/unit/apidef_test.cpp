// API-definition validator (transforms/apidef): dispatch, typed-tree structure, semantics, $refs,
// WSO2's own checks, relaxed mode, AsyncAPI, GraphQL and WSDL. Fixtures are inline texts loaded
// through the real JSON/YAML loaders; messages, rule ids and line:col are pinned.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pipeline/document.hpp"
#include "transforms/apidef/validator.hpp"

namespace carport::apidef {
namespace {

ValidationResult check(std::string_view text, bool relaxed = false) {
  ValidateOptions options;
  options.relaxed = relaxed;
  return validate_bytes("api.yaml", text, options);
}

std::string dump(const ValidationResult& result) {
  std::string out = std::string(spec_kind_name(result.kind)) + "\n";
  for (const Finding& f : result.findings)
    out += "  " + std::string(f.is_error ? "E " : "W ") + std::to_string(f.line) + ":" + std::to_string(f.column) +
           " " + f.rule + " " + f.pointer + " | " + f.message + "\n";
  return out;
}

std::vector<Finding> with_rule(const ValidationResult& result, std::string_view rule) {
  std::vector<Finding> out;
  for (const Finding& f : result.findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

/// Exactly one finding with this rule; returns it (or an empty one after a test failure).
Finding only(const ValidationResult& result, std::string_view rule) {
  const std::vector<Finding> found = with_rule(result, rule);
  EXPECT_EQ(found.size(), 1U) << "rule " << rule << " in\n" << dump(result);
  return found.empty() ? Finding{} : found.front();
}

void expect_finding(const ValidationResult& result, std::string_view rule, std::uint32_t line, std::uint32_t column,
                    std::string_view pointer, std::string_view message) {
  const Finding f = only(result, rule);
  EXPECT_EQ(f.line, line) << dump(result);
  EXPECT_EQ(f.column, column) << dump(result);
  EXPECT_EQ(f.pointer, pointer) << dump(result);
  EXPECT_EQ(f.message, message) << dump(result);
}

void expect_valid(const ValidationResult& result) { EXPECT_TRUE(result.valid()) << dump(result); }
void expect_none(const ValidationResult& result, std::string_view rule) {
  EXPECT_TRUE(with_rule(result, rule).empty()) << "unexpected " << rule << " in\n" << dump(result);
}

constexpr std::string_view kSwagger = R"(swagger: "2.0"
info:
  title: Pets
  version: "1.0"
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
)";

constexpr std::string_view kOas30 = R"(openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
)";

constexpr std::string_view kOas31 = R"(openapi: 3.1.0
info:
  title: Pets
  version: "1.0"
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
)";

/// A document with `extra` appended (top-level YAML).
std::string with(std::string_view base, std::string_view extra) { return std::string(base) + std::string(extra); }

// ---- dispatch ----

TEST(ApidefDispatch, RecognisesVersionsAndFillsInfo) {
  ValidationResult r = check(kSwagger);
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::swagger_2_0);
  EXPECT_EQ(r.spec_version, "2.0");
  EXPECT_EQ(r.title, "Pets");
  EXPECT_EQ(r.api_version, "1.0");
  r = check(kOas30);
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::openapi_3_0);
  EXPECT_EQ(r.spec_version, "3.0.3");
  r = check(kOas31);
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::openapi_3_1);
  EXPECT_STREQ(spec_kind_name(SpecKind::openapi_3_1), "openapi-3.1");
  EXPECT_STREQ(spec_kind_name(SpecKind::unknown), "unknown");
}

TEST(ApidefDispatch, RootNotAnObject) {
  expect_finding(check("- a\n- b\n"), "not-an-object", 1, 1, "", "malformed or unreadable swagger supplied");
  expect_finding(check(""), "not-an-object", 1, 1, "", "malformed or unreadable swagger supplied");
}

TEST(ApidefDispatch, MissingVersion) {
  const ValidationResult r = check("info:\n  title: x\n  version: '1'\npaths: {}\n");
  expect_finding(r, "missing-version", 1, 1, "", "attribute swagger or openapi should present");
  EXPECT_EQ(r.kind, SpecKind::unknown);
  EXPECT_FALSE(r.valid());
}

TEST(ApidefDispatch, UnsupportedVersionValues) {
  const std::string_view message = "The provided definition does not specify a valid version field";
  expect_finding(check("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n"), "invalid-version", 1, 10,
                 "/openapi", message);
  expect_finding(check("swagger: \"1.2\"\ninfo: {title: x, version: '1'}\npaths: {}\n"), "invalid-version", 1, 10,
                 "/swagger", message);
  // A YAML number is not the string "2.0" (apidevtools invalid/numeric-version.yaml).
  const ValidationResult numeric = check("swagger: 2.0\ninfo: {title: x, version: '1'}\npaths: {}\n");
  expect_finding(numeric, "invalid-version", 1, 10, "/swagger", message);
  EXPECT_EQ(numeric.spec_version, "2.0");
  expect_finding(check("openapi: 3.0\ninfo: {title: x, version: '1'}\npaths: {}\n"), "invalid-version", 1, 10,
                 "/openapi", message);
  expect_valid(check("openapi: '3.0'\ninfo: {title: x, version: '1'}\npaths: {}\n"));
}

TEST(ApidefDispatch, ParseErrorHasLineAndColumn) {
  const ValidationResult r = check("openapi: 3.0.0\ninfo: [\n");
  const Finding f = only(r, "parse-error");
  EXPECT_GT(f.line, 0U) << dump(r);
  EXPECT_TRUE(f.is_error);
  const ValidationResult json = validate_bytes("api.json", "{\"openapi\": \"3.0.0\",\n  \"info\": }", {});
  const Finding g = only(json, "parse-error");
  EXPECT_EQ(g.line, 2U) << dump(json);
  EXPECT_EQ(g.column, 11U) << dump(json);
}

TEST(ApidefDispatch, FindingsAreSortedByLineColumnRule) {
  const ValidationResult r = check(R"(openapi: 3.0.0
info:
  title: x
  version: '1'
  bogus: 1
paths:
  pets:
    get:
      responses:
        "200":
          description: ok
          other: 2
)");
  ASSERT_EQ(r.findings.size(), 3U) << dump(r);
  EXPECT_EQ(r.findings[0].rule, "unexpected-field");
  EXPECT_EQ(r.findings[0].line, 5U);
  EXPECT_EQ(r.findings[1].rule, "path-start-slash");
  EXPECT_EQ(r.findings[2].line, 12U);
}

// ---- typed-tree structure ----

TEST(ApidefStructure, UnexpectedField) {
  expect_finding(check(with(kOas30, "servers:\n  - url: /v1\n    urls: x\n")), "unexpected-field", 13, 5,
                 "/servers/0/urls", "attribute servers[0].urls is unexpected");
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /pets:
    get:
      summary: s
      bogus: 1
      responses:
        default: {description: d}
)"),
                 "unexpected-field", 7, 7, "/paths/~1pets/get/bogus", "attribute paths.'/pets'(get).bogus is unexpected");
  // x- extensions are allowed; unknown root keys are not.
  expect_valid(check(with(kOas30, "x-logo: {url: a}\n")));
  expect_finding(check(with(kOas30, "overlays: {}\n")), "unexpected-field", 11, 1, "/overlays",
                 "attribute overlays is unexpected");
}

TEST(ApidefStructure, WrongType) {
  expect_finding(check(with(kOas31, "servers:\n  url: /v1\n")), "wrong-type", 12, 3, "/servers",
                 "attribute servers is not of type `array`");
  expect_finding(check(with(kOas30, "tags: [{name: a, externalDocs: x}]\n")), "wrong-type", 11, 32,
                 "/tags/0/externalDocs", "attribute tags[0].externalDocs is not of type `object`");
  // Like swagger-parser, a scalar is accepted where a string is expected.
  expect_valid(check("swagger: '2.0'\ninfo: {title: x, version: 1.0}\npaths: {/a: {get: {responses: {default: {description: d}}}}}\n"));
}

TEST(ApidefStructure, RequiredFields) {
  expect_finding(check("openapi: 3.0.0\ninfo: {version: '1'}\npaths: {}\n"), "missing-info-title", 2, 7, "/info/title",
                 "attribute info.title is missing");
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x}\npaths: {}\n"), "missing-info-version", 2, 7,
                 "/info/version", "attribute info.version is missing");
  expect_finding(check("openapi: 3.0.0\npaths: {}\n"), "missing-info", 1, 1, "/info", "attribute info is missing");
  expect_finding(check("swagger: '2.0'\ninfo: {title: x, version: '1'}\n"), "required-field", 1, 1, "/paths",
                 "attribute paths is missing");
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\n"), "required-field", 1, 1, "/paths",
                 "attribute paths is missing");
  expect_finding(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets:
    get:
      responses:
        "200":
          content: {}
)"),
                 "required-field", 8, 11, "/paths/~1pets/get/responses/200/description",
                 "attribute paths.'/pets'(get).responses.200.description is missing");
  // 3.1: paths and operation responses are optional.
  expect_valid(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {}}}\n"));
}

TEST(ApidefStructure, InvalidChoiceValue) {
  expect_finding(check(R"(openapi: 3.1.0
info: {title: x, version: '1'}
components:
  parameters:
    c:
      name: c
      in: cookie
      style: cookie
      schema: {}
)"),
                 "invalid-value", 8, 14, "/components/parameters/c/style",
                 "attribute components.parameters.c.style is not of type "
                 "`matrix|label|form|simple|spaceDelimited|pipeDelimited|deepObject`");
  expect_valid(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\ncomponents:\n  parameters:\n    c: {name: c, in: cookie, style: form, schema: {}}\n"));
}

TEST(ApidefStructure, ComponentNamePattern) {
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \"a b\": {type: string}\n"),
                 "component-name", 6, 5, "/components/schemas/a b",
                 "Schema name a b doesn't adhere to regular expression ^[a-zA-Z0-9\\.\\-_]+$");
  expect_valid(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a.b-c_D9: {type: string}\n"));
}

TEST(ApidefStructure, ReservedExtensionIn31) {
  expect_finding(check(with(kOas31, "x-oai-thing: 1\n")), "reserved-extension", 11, 1, "/x-oai-thing",
                 "attribute x-oai-thing is reserved by The OpenAPI Initiative");
  expect_valid(check(with(kOas30, "x-oai-thing: 1\n")));
}

TEST(ApidefStructure, Swagger2PathExtensionsAreUnsupported) {
  expect_finding(check(with(kSwagger, "  x-internal: true\n")), "unsupported-field", 11, 3, "/paths/x-internal",
                 "attribute paths.x-internal is unsupported");
  expect_valid(check(with(kOas30, "  x-internal: true\n")));
}

TEST(ApidefStructure, Schema31AllowsAnyKeywordAndBooleans) {
  expect_valid(check(R"(openapi: 3.1.0
info: {title: x, version: '1'}
components:
  schemas:
    A:
      $id: https://example.com/a
      type: [string, "null"]
      const: x
      prefixItems: [true, {type: integer}]
      unknownKeyword: 1
    B: true
)"));
  // ...but 3.0 schemas are swagger-parser's fixed keyword set.
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {const: x}\n"),
                 "unexpected-field", 6, 9, "/components/schemas/A/const",
                 "attribute components.schemas.A.const is unexpected");
  expect_finding(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\ncomponents:\n  schemas:\n    A: 0\n"),
                 "wrong-type", 5, 8, "/components/schemas/A", "attribute components.schemas.A is not of type `object`");
}

// ---- semantic checks ----

TEST(ApidefSemantics, PathMustStartWithSlash) {
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  pets: {}\n"), "path-start-slash", 4, 3,
                 "/paths/pets", "Resource pets should start with /");
  expect_none(check(kOas30), "path-start-slash");
}

TEST(ApidefSemantics, PathParametersMustBeDeclared) {
  const std::string doc = R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
)";
  expect_finding(check(doc), "path-param-undeclared", 4, 3, "/paths/~1pets~1{id}",
                 "Declared path parameter id needs to be defined as a path parameter in path or operation level "
                 "(paths.'/pets/{id}')");
  // Declared at path level, or through a $ref.
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      responses: {"200": {description: ok}}
components:
  parameters:
    id: {name: id, in: path, required: true, schema: {type: string}}
)"));
}

TEST(ApidefSemantics, PathParametersMustBeRequired) {
  expect_finding(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
          schema: {type: string}
      responses: {"200": {description: ok}}
)"),
                 "path-param-not-required", 7, 11, "/paths/~1pets~1{id}/get/parameters/0",
                 "For path parameter id the required value should be true");
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: false, type: string}
      responses: {default: {description: d}}
)"),
                 "path-param-not-required", 7, 11, "/paths/~1pets~1{id}/get/parameters/0",
                 "For path parameter id the required value should be true");
}

TEST(ApidefSemantics, DuplicateParameters) {
  const std::string doc = R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: q, in: header, schema: {type: string}}
        - {name: q, in: query, schema: {type: integer}}
      responses: {"200": {description: ok}}
)";
  expect_finding(check(doc), "duplicate-parameter", 9, 11, "/paths/~1pets/get/parameters/2",
                 "There are duplicate parameter values (name q, in query) in paths.'/pets'(get).parameters");
}

TEST(ApidefSemantics, DuplicateOperationId) {
  const std::string doc = R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets:
    get:
      operationId: pets
      responses: {"200": {description: ok}}
    post:
      operationId: pets
      responses: {"200": {description: ok}}
)";
  expect_finding(check(doc), "duplicate-operation-id", 9, 20, "/paths/~1pets/post/operationId",
                 "attribute paths.'/pets'(post).operationId is repeated");
}

TEST(ApidefSemantics, SchemaKeywordRules) {
  const ValidationResult r = check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths: {}
components:
  schemas:
    A: {type: string, enum: []}
    B: {type: number, multipleOf: 0}
    C: {type: string, readOnly: true, writeOnly: true}
    D: {type: array}
)");
  expect_finding(r, "enum-empty", 6, 29, "/components/schemas/A/enum",
                 "components.schemas.A.enum array MUST NOT be empty");
  expect_finding(r, "multiple-of", 7, 35, "/components/schemas/B/multipleOf",
                 "components.schemas.B.multipleOf value must be > 0");
  expect_finding(r, "read-write-only", 8, 8, "/components/schemas/C",
                 "components.schemas.C: writeOnly and readOnly are both present");
  expect_finding(r, "schema-items-missing", 9, 8, "/components/schemas/D/items",
                 "attribute components.schemas.D.items is missing");
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths: {}
components:
  schemas:
    A: {type: string, enum: [a]}
    B: {type: number, multipleOf: 0.5}
    C: {type: string, readOnly: true, writeOnly: false}
    D: {type: array, items: {type: string}}
)"));
}

TEST(ApidefSemantics, NoContainersIn31) {
  expect_finding(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\n"), "no-paths-components-webhooks", 1, 1, "",
                 "The OpenAPI Document MUST contain at least one paths field, a components field or a webhooks field");
  expect_valid(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\nwebhooks: {}\n"));
}

TEST(ApidefSemantics, ExampleAndExamples) {
  expect_finding(check(R"(openapi: 3.1.0
info: {title: x, version: '1'}
components:
  parameters:
    a:
      name: a
      in: header
      schema: {}
      example: bear
      examples: {one: {value: bear}}
)"),
                 "example-and-examples", 6, 7, "/components/parameters/a/example",
                 "components.parameters.a: examples already defined -- ignoring \"example\" field");
}

TEST(ApidefSemantics, ExampleOrExamplesAlone) {
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths: {}
components:
  parameters:
    a: {name: a, in: header, schema: {}, example: bear}
    b: {name: b, in: header, schema: {}, examples: {one: {value: bear}}}
)"));
}

TEST(ApidefSemantics, AllowReservedOnlyForQueryIn31) {
  expect_finding(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\ncomponents:\n  parameters:\n    h: {name: h, in: header, allowReserved: false, schema: {}}\n"),
                 "allow-reserved", 5, 8, "/components/parameters/h/allowReserved",
                 "attribute components.parameters.h.allowReserved is unexpected for in: header");
  expect_valid(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\ncomponents:\n  parameters:\n    q: {name: q, in: query, allowReserved: true, schema: {}}\n"));
}

TEST(ApidefSemantics, DuplicateTags) {
  expect_finding(check(with(kOas30, "tags:\n  - name: a\n  - name: a\n")), "duplicate-tag", 13, 5, "/tags",
                 "attribute tags.a is repeated");
  expect_valid(check(with(kOas30, "tags:\n  - name: a\n  - name: b\n")));
}

TEST(ApidefSemantics, SecuritySchemeRequiredByType) {
  expect_finding(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header}\n"),
                 "required-field", 6, 8, "/components/securitySchemes/k/name",
                 "attribute components.securitySchemes.k.name is missing");
  expect_valid(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, in: header, name: X-Key}\n"));
}

// ---- Swagger 2.0 parameter rules ----

constexpr std::string_view kUsersHead = R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /users/{name}:
    parameters:
      - {name: name, in: path, required: true, type: string}
)";

TEST(ApidefSwagger2, PathParameterWithoutPlaceholder) {
  expect_finding(check(with(kUsersHead, R"(    post:
      parameters:
        - {name: foo, in: path, required: true, type: string}
      responses: {default: {description: d}}
)")),
                 "oas2-path-param-no-placeholder", 9, 11, "/paths/~1users~1{name}/post/parameters/0",
                 "paths.'/users/{name}'(post) has a path parameter named \"foo\", but there is no corresponding {foo} in "
                 "the path string");
}

TEST(ApidefSwagger2, DuplicatePlaceholders) {
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /users/{name}/x/{name}:
    parameters:
      - {name: name, in: path, required: true, type: string}
    get:
      responses: {default: {description: d}}
)"),
                 "oas2-duplicate-placeholder", 4, 3, "/paths/~1users~1{name}~1x~1{name}",
                 "paths.'/users/{name}/x/{name}' has multiple path placeholders named {name}");
}

TEST(ApidefSwagger2, BodyParameterRules) {
  const ValidationResult two = check(with(kUsersHead, R"(      - {name: a, in: body, schema: {type: string}}
    patch:
      parameters:
        - {name: b, in: body, schema: {type: string}}
        - {name: c, in: formData, type: string}
      responses: {default: {description: d}}
    get:
      parameters:
        - {name: a, in: body, schema: {type: number}}
      responses: {default: {description: d}}
)"));
  expect_finding(two, "oas2-multiple-body", 8, 5, "/paths/~1users~1{name}/patch",
                 "paths.'/users/{name}'(patch) has 2 body parameters. Only one is allowed.");
  expect_finding(two, "oas2-body-and-form", 8, 5, "/paths/~1users~1{name}/patch",
                 "paths.'/users/{name}'(patch) has body parameters and formData parameters. Only one or the other is "
                 "allowed.");
}

TEST(ApidefSwagger2, FileParameters) {
  const std::string file_param = with(kUsersHead, R"(      - {name: f, in: formData, type: file}
    post:
      consumes: [application/octet-stream]
      responses: {default: {description: d}}
)");
  expect_finding(check(file_param), "oas2-file-consumes", 8, 5, "/paths/~1users~1{name}/post",
                 "paths.'/users/{name}'(post) has a file parameter, so it must consume multipart/form-data or "
                 "application/x-www-form-urlencoded");
  expect_valid(check(with(kUsersHead, R"(      - {name: f, in: formData, type: file}
    post:
      consumes: ["multipart/vnd.specific+form-data;version=1.0"]
      responses: {default: {description: d}}
)")));
  expect_finding(check(with(kUsersHead, R"(      - {name: f, in: header, type: file}
    get:
      responses: {default: {description: d}}
)")),
                 "oas2-file-location", 7, 9, "/paths/~1users~1{name}/parameters/1/type",
                 "paths.'/users/{name}'.parameters.[f]: parameters of type file must be in: formData");
}

TEST(ApidefSwagger2, CollectionFormatMulti) {
  expect_finding(check(with(kUsersHead, R"(      - {name: h, in: header, type: array, items: {type: string}, collectionFormat: multi}
    get:
      responses: {default: {description: d}}
)")),
                 "oas2-collection-format", 7, 9, "/paths/~1users~1{name}/parameters/1/collectionFormat",
                 "paths.'/users/{name}'.parameters.[h]: collectionFormat multi is only allowed for query and formData "
                 "parameters");
}

TEST(ApidefSwagger2, ArrayWithoutItems) {
  expect_finding(check(with(kUsersHead, R"(      - {name: tags, in: query, type: array}
    get:
      responses: {default: {description: d}}
)")),
                 "schema-items-missing", 7, 9, "/paths/~1users~1{name}/parameters/1/items",
                 "attribute paths.'/users/{name}'.parameters.[tags].items is missing");
}

TEST(ApidefSwagger2, RequiredPropertiesMustExist) {
  const std::string head = R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /p: {get: {responses: {default: {description: d}}}}
definitions:
)";
  expect_finding(check(head + "  Pet:\n    type: object\n    required: [name, photo]\n    properties: {name: {type: string}}\n"),
                 "oas2-required-property", 8, 22, "/definitions/Pet/required",
                 "Property 'photo' listed as required but does not exist in '/definitions/Pet'");
  // Inherited through allOf, or not an object: fine.
  expect_valid(check(head + R"(  Base: {properties: {name: {type: string}}}
  Pet:
    type: object
    allOf: [{$ref: '#/definitions/Base'}]
    required: [name]
  Mood: {type: string, required: [length]}
)"));
}

TEST(ApidefSwagger2, ResponseCodes) {
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /p:
    get:
      responses:
        "888": {description: d}
)"),
                 "oas2-response-code", 7, 9, "/paths/~1p/get/responses/888",
                 "attribute paths.'/p'(get).responses.888 is not a valid HTTP status code");
  // Integer YAML keys are response codes like any other (`200:` -> "200").
  expect_valid(check("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths:\n  /p:\n    get:\n      responses:\n        200:\n          description: ok\n"));
  expect_valid(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /p:\n    get:\n      responses:\n        200:\n          description: ok\n"));
}

TEST(ApidefSwagger2, ParameterTypes) {
  expect_finding(check(with(kUsersHead, R"(      - {name: u, in: query, type: object}
    get:
      responses: {default: {description: d}}
)")),
                 "invalid-value", 7, 36, "/paths/~1users~1{name}/parameters/1/type",
                 "attribute paths.'/users/{name}'.parameters.[u].type is not of type "
                 "`string|number|integer|boolean|array|file`");
  expect_finding(check(with(kUsersHead, R"(      - {name: u, in: cookie, type: string}
    get:
      responses: {default: {description: d}}
)")),
                 "invalid-value", 7, 23, "/paths/~1users~1{name}/parameters/1/in",
                 "attribute paths.'/users/{name}'.parameters.[u].in is not of type `query|header|path|formData|body`");
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /p:
    get:
      responses:
        default:
          description: d
          schema: {anyOf: [{type: string}]}
)"),
                 "unexpected-field", 9, 20, "/paths/~1p/get/responses/default/schema/anyOf",
                 "attribute paths.'/p'(get).responses.default.schema.anyOf is unexpected");
}

// ---- $ref ----

TEST(ApidefRefs, LocalReferencesMustResolve) {
  const ValidationResult r = check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /p:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
)");
  expect_finding(r, "ref-unresolved", 11, 30,
                 "/paths/~1p/get/responses/200/content/application~1json/schema/$ref",
                 "$ref target #/components/schemas/Missing could not be resolved");
}

TEST(ApidefRefs, PointerEscapesAndPercentDecoding) {
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /a/{b}~c:
    parameters: [{name: b, in: path, required: true, schema: {type: string}}]
    get:
      responses: {"200": {description: ok}}
  /d:
    $ref: '#/paths/~1a~1%7Bb%7D~0c'
)"));
}

TEST(ApidefRefs, TargetMustBeOfTheExpectedKind) {
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /p:
    get:
      parameters:
        - $ref: '#/definitions/Pet'
      responses: {default: {description: d}}
definitions:
  Pet: {type: object}
)"),
                 "ref-wrong-type", 7, 17, "/paths/~1p/get/parameters/0/$ref",
                 "$ref target #/definitions/Pet is not of expected type Parameter");
  expect_finding(check(R"(swagger: "2.0"
info: {title: x, version: '1'}
paths:
  /users: {$ref: '#/definitions/products'}
definitions:
  products: {type: object}
)"),
                 "ref-wrong-type", 4, 18, "/paths/~1users/$ref", "$ref target #/definitions/products is not of expected type PathItem");
}

TEST(ApidefRefs, RemoteReferencesWarnOnce) {
  const ValidationResult r = check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /p:
    get:
      responses:
        "200": {$ref: 'common.yaml#/Ok'}
        "201": {$ref: 'common.yaml#/Ok'}
)");
  expect_finding(r, "remote-ref", 7, 23, "/paths/~1p/get/responses/200/$ref", "remote $ref not fetched: common.yaml#/Ok");
  EXPECT_FALSE(r.findings.front().is_error);
  expect_valid(r);
}

TEST(ApidefRefs, KubernetesPropertyNamedRef) {
  // A schema property literally named "$ref" is a property, not a Reference Object (kubernetes).
  expect_valid(check(R"({"swagger": "2.0", "info": {"title": "k8s", "version": "1"},
 "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
   "schema": {"$ref": "#/definitions/JSONSchemaProps"}}}}}},
 "definitions": {"JSONSchemaProps": {"type": "object", "properties": {
   "$ref": {"type": "string"}, "$schema": {"type": "string"},
   "items": {"$ref": "#/definitions/JSONSchemaProps"}}}}})"));
}

TEST(ApidefRefs, SiblingsOfRefAreIgnoredAndCyclesTerminate) {
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B', description: ignored, bogus: 1}
    B: {$ref: '#/components/schemas/A'}
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
)"));
}

TEST(ApidefRefs, Schema31AnchorsAreAccepted) {
  expect_valid(check("openapi: 3.1.0\ninfo: {title: x, version: '1'}\ncomponents:\n  schemas:\n    A: {$anchor: a}\n    B: {$ref: '#a'}\n"));
}

// ---- WSO2's own checks ----

TEST(ApidefWso2, EmptyResourcePaths) {
  expect_finding(check("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n"), "wso2-empty-resource-paths", 3, 8,
                 "/paths", "Empty resource paths found in the swagger definition");
  expect_none(check("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n"), "wso2-empty-resource-paths");
}

TEST(ApidefWso2, EmptyResourcePath) {
  expect_finding(check(with(kSwagger, "  \"\":\n    get: {responses: {default: {description: d}}}\n")),
                 "wso2-empty-resource-path", 11, 3, "/paths/", "A resource path is empty in the swagger definition");
}

TEST(ApidefWso2, TrailingSlashDuplicates) {
  expect_finding(check(with(kSwagger, "  /pets/:\n    get: {responses: {default: {description: d}}}\n")),
                 "wso2-trailing-slash-duplicate", 11, 3, "/paths/~1pets~1",
                 "Multiple GET operations with the same resource path /pets found in the swagger definition");
  expect_finding(check(with(kOas30, "  /pets/:\n    get: {responses: {default: {description: d}}}\n")),
                 "wso2-trailing-slash-duplicate", 11, 3, "/paths/~1pets~1",
                 "Multiple GET operations with the same resource path /pets found in the openapi definition");
  expect_valid(check(with(kOas30, "  /pets/:\n    post: {responses: {default: {description: d}}}\n")));
}

TEST(ApidefWso2, ServersUnderPathsAreIgnored) {
  // WSO2 deletes every `servers` key under paths (even a malformed one, even a schema property).
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /pets:
    servers: not-a-list
    get:
      servers: {url: 1}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [servers]
                properties:
                  servers: 42
)"));
  // Elsewhere they are checked.
  expect_finding(check(with(kOas30, "servers: not-a-list\n")), "wrong-type", 11, 10, "/servers",
                 "attribute servers is not of type `array`");
}

// ---- relaxed mode ----

TEST(ApidefRelaxed, FindingsBecomeWarningsWhenTheVersionIsRecognised) {
  const std::string doc = "openapi: 3.0.0\npaths:\n  pets: {}\n";
  EXPECT_FALSE(check(doc).valid());
  const ValidationResult relaxed = check(doc, true);
  expect_valid(relaxed);
  ASSERT_EQ(relaxed.findings.size(), 2U) << dump(relaxed);
  EXPECT_EQ(relaxed.findings[0].message, "attribute info is missing");
  EXPECT_FALSE(relaxed.findings[0].is_error);
  // Not an object, or no recognised version: still invalid.
  EXPECT_FALSE(check("openapi: 9.0.0\n", true).valid());
  EXPECT_FALSE(check("[1]\n", true).valid());
  EXPECT_FALSE(check("{", true).valid());
}

// ---- AsyncAPI 2.x ----

constexpr std::string_view kAsync = R"(asyncapi: 2.6.0
info: {title: Events, version: '1'}
channels:
  user/signedup:
    subscribe:
      operationId: onSignup
      message: {payload: {type: object}}
)";

TEST(ApidefAsyncApi, ValidDocument) {
  const ValidationResult r = check(kAsync);
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::asyncapi_2);
  EXPECT_EQ(r.spec_version, "2.6.0");
}

TEST(ApidefAsyncApi, StructureAndVersion) {
  expect_finding(check("asyncapi: 2.0.0\ninfo: {title: x, version: '1'}\n"), "required-field", 1, 1, "/channels",
                 "attribute channels is missing");
  expect_finding(check(with(kAsync, "    publish: {bogus: 1}\n")), "unexpected-field", 8, 15,
                 "/channels/user~1signedup/publish/bogus", "attribute channels.'user/signedup'.publish.bogus is unexpected");
  expect_finding(check("info: {title: x, version: '1'}\nchannels: {}\n"), "missing-version", 1, 1, "",
                 "attribute asyncapi should present");
  expect_finding(check("asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\nchannels: {}\n"), "invalid-version", 1, 11,
                 "/asyncapi", "The provided definition does not specify a valid version field");
}

// ---- GraphQL ----

TEST(ApidefGraphql, ValidSchema) {
  const ValidationResult r = validate_graphql(R"(
"""
The root.
"""
schema { query: Query mutation: Mutation }
# a comment
type Query {
  "one line"
  pets(first: Int = 10, filter: PetFilter): [Pet!]! @deprecated(reason: "use all")
  pet(id: ID!): Pet
}
type Mutation { add(name: String!): Pet }
interface Named { name: String }
type Pet implements Named & Node @key(fields: "id") { id: ID! name: String tags: [String] }
interface Node { id: ID! }
input PetFilter { name: String = "x", kinds: [Kind!] = [CAT, DOG] }
enum Kind { CAT DOG }
union Thing = | Pet | Query
scalar Date @specifiedBy(url: "https://example.com")
directive @key(fields: String!) repeatable on OBJECT | INTERFACE
extend type Pet { born: Date }
)");
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::graphql);
  expect_valid(validate_graphql("type Query implements A, B { a: Int }\ninterface A { a: Int }\ninterface B { a: Int }\n"));
}

TEST(ApidefGraphql, EmptyDocument) {
  const ValidationResult r = validate_graphql("  # only a comment\n");
  const Finding f = only(r, "graphql-empty");
  EXPECT_EQ(f.message, "the GraphQL schema is empty");
  EXPECT_FALSE(r.valid());
}

TEST(ApidefGraphql, SyntaxErrorsReportTheFirstOneWithLineAndColumn) {
  expect_finding(validate_graphql("type Query {\n  name String\n}\n"), "graphql-syntax", 2, 8, "",
                 "Invalid syntax: expected ':', found 'String'");
  expect_finding(validate_graphql("type Query {\n  name: String\n"), "graphql-syntax", 3, 1, "",
                 "Invalid syntax: expected '}', found end of document");
  expect_finding(validate_graphql("type Query { a: String }\n}\n"), "graphql-syntax", 2, 1, "",
                 "Invalid syntax: expected a definition (schema, type, interface, union, enum, input, scalar, directive, "
                 "extend), found '}'");
  expect_finding(validate_graphql("type Query {\n  a(x: String = \"open): Int\n}\n"), "graphql-syntax", 2, 17, "",
                 "Unterminated string");
  expect_finding(validate_graphql("type Query { a: Int }\nquery { a }\n"), "graphql-syntax", 2, 1, "",
                 "Invalid syntax: expected a type system definition (executable definitions are not allowed in a "
                 "schema), found 'query'");
  expect_finding(validate_graphql("type Query { a: Int ~ }\n"), "graphql-syntax", 1, 21, "", "Unexpected character '~'");
}

TEST(ApidefGraphql, SchemaChecks) {
  expect_finding(validate_graphql("type Query {\n  pet: Pet\n}\n"), "graphql-schema", 2, 8, "",
                 "The type 'Pet' is not present when resolving type 'Query'");
  expect_finding(validate_graphql("type Pets { a: Int }\n"), "graphql-schema", 1, 6, "",
                 "A schema MUST have a 'query' operation defined");
  expect_finding(validate_graphql("type Query { a: Int @cached }\n"), "graphql-schema", 1, 22, "",
                 "'Query' tried to use an undeclared directive 'cached'");
  expect_finding(validate_graphql("type Query { a: Int }\ntype Query { b: Int }\n"), "graphql-schema", 2, 6, "",
                 "tried to redefine existing 'Query' type");
  expect_finding(validate_graphql("type Query\n"), "graphql-schema", 1, 6, "", "'Query' must define one or more fields.");
  expect_valid(validate_graphql("type Query\nextend type Query { a: Int }\n"));
}

// ---- WSDL ----

constexpr std::string_view kWsdl11 = R"(<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:x" targetNamespace="urn:x">
  <wsdl:message name="In"/>
  <wsdl:portType name="PT">
    <wsdl:operation name="op"><wsdl:input message="tns:In"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT"/>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"/>
  </wsdl:service>
</wsdl:definitions>
)";

TEST(ApidefWsdl, ValidDocuments) {
  ValidationResult r = validate_wsdl(kWsdl11);
  expect_valid(r);
  EXPECT_EQ(r.kind, SpecKind::wsdl);
  EXPECT_EQ(r.spec_version, "1.1");
  r = validate_wsdl(R"(<description xmlns="http://www.w3.org/ns/wsdl" xmlns:tns="urn:y" targetNamespace="urn:y">
  <interface name="I"/>
  <binding name="B" interface="tns:I" type="http://www.w3.org/ns/wsdl/soap"/>
  <service name="S" interface="tns:I"><endpoint name="E" binding="tns:B"/></service>
</description>)");
  expect_valid(r);
  EXPECT_EQ(r.spec_version, "2.0");
}

TEST(ApidefWsdl, Wsdl20References) {
  const ValidationResult r = validate_wsdl(R"(<description xmlns="http://www.w3.org/ns/wsdl" xmlns:tns="urn:y">
  <interface name="I"/>
  <binding name="B" interface="tns:J"/>
  <service name="S" interface="tns:I"><endpoint name="E" binding="tns:C"/></service>
</description>)");
  expect_finding(r, "wsdl-binding-interface", 3, 3, "", "binding 'B' refers to unknown interface 'tns:J'");
  expect_finding(r, "wsdl-endpoint-binding", 4, 39, "", "endpoint 'E' refers to unknown binding 'tns:C'");
  expect_none(r, "wsdl-service-interface");
}

TEST(ApidefWsdl, MalformedXml) {
  expect_finding(validate_wsdl("<definitions>\n  <portType>\n</definitions>\n"), "wsdl-xml", 3, 3, "",
                 "XML: Start-end tags mismatch");
}

TEST(ApidefWsdl, WrongRootAndEmptyDefinitions) {
  expect_finding(validate_wsdl("<definitions xmlns=\"urn:other\"/>"), "wsdl-root", 1, 1, "",
                 "the root element is 'definitions' in namespace 'urn:other'; expected 'definitions' "
                 "(http://schemas.xmlsoap.org/wsdl/) or 'description' (http://www.w3.org/ns/wsdl)");
  expect_finding(validate_wsdl("<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\"/>"), "wsdl-empty", 1, 1, "",
                 "the WSDL 1.1 document defines no portType, binding or service");
}

TEST(ApidefWsdl, ReferencesBetweenComponents) {
  std::string broken(kWsdl11);
  broken.replace(broken.find("type=\"tns:PT\""), 13, "type=\"tns:XX\"");
  broken.replace(broken.find("binding=\"tns:B\""), 15, "binding=\"tns:Q\"");
  const ValidationResult r = validate_wsdl(broken);
  expect_finding(r, "wsdl-binding-porttype", 7, 3, "", "binding 'B' refers to unknown portType 'tns:XX'");
  expect_finding(r, "wsdl-port-binding", 9, 5, "", "port 'P' refers to unknown binding 'tns:Q'");
}

// ---- formats and robustness ----

TEST(ApidefBytes, SniffFormat) {
  EXPECT_EQ(sniff_format("schema.GraphQL", "type Query {a: Int}"), InputFormat::graphql);
  EXPECT_EQ(sniff_format("x.gql", ""), InputFormat::graphql);
  EXPECT_EQ(sniff_format("a.wsdl", ""), InputFormat::wsdl);
  EXPECT_EQ(sniff_format("service.xml", "<?xml version='1.0'?>\n<!-- c -->\n<w:definitions xmlns:w='x'/>"),
            InputFormat::wsdl);
  EXPECT_EQ(sniff_format("swagger.json", "{\"swagger\": \"2.0\"}"), InputFormat::document);
  EXPECT_EQ(sniff_format("other.xml", "<root/>"), InputFormat::document);
  EXPECT_EQ(validate_bytes("s.graphql", "type Query { a: Int }", {}).kind, SpecKind::graphql);
  EXPECT_EQ(validate_bytes("s.wsdl", kWsdl11, {}).kind, SpecKind::wsdl);
}

TEST(ApidefBytes, YamlMergeKeysAreHonoured) {
  expect_valid(check(R"(openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /a:
    get: &op
      responses: {"200": {description: ok}}
  /b:
    get:
      <<: *op
      summary: merged
)"));
}

/// Builds documents by hand (for shapes the loaders refuse to produce).
class DocBuilder {
 public:
  DocBuilder() {
    root_ = &node(doc::NodeKind::mapping);
    document_.set_root(root_);
    add(*root_, "openapi", doc::NodeKind::string).text = "3.0.0";
    doc::Node& info = add(*root_, "info", doc::NodeKind::mapping);
    add(info, "title", doc::NodeKind::string).text = "x";
    add(info, "version", doc::NodeKind::string).text = "1";
    add(*root_, "paths", doc::NodeKind::mapping);
    schemas_ = &add(add(*root_, "components", doc::NodeKind::mapping), "schemas", doc::NodeKind::mapping);
  }
  doc::Node& node(doc::NodeKind kind) {
    doc::Node& n = document_.add_node();
    n.kind = kind;
    n.line = n.column = 1;
    return n;
  }
  doc::Node& add(doc::Node& parent, const std::string& key, doc::NodeKind kind) { return link(parent, key, node(kind)); }
  doc::Node& link(doc::Node& parent, const std::string& key, doc::Node& child) {
    parent.members.push_back(doc::Member{key, 1, 1, &child});
    return child;
  }
  doc::Node& schemas() { return *schemas_; }
  const doc::Document& document() const { return document_; }

 private:
  doc::Document document_;
  doc::Node* root_ = nullptr;
  doc::Node* schemas_ = nullptr;
};

TEST(ApidefRobustness, DeepNestingDoesNotOverflowTheStack) {
  DocBuilder b;
  doc::Node* schema = &b.add(b.schemas(), "S", doc::NodeKind::mapping);
  for (int i = 0; i < 100000; ++i) schema = &b.add(*schema, "not", doc::NodeKind::mapping);
  const ValidationResult r = validate_document(b.document(), {});
  const Finding f = only(r, "depth-limit");
  EXPECT_FALSE(f.is_error);
  EXPECT_EQ(f.message, "nesting deeper than 300 levels is not validated");
  expect_valid(r);
}

TEST(ApidefRobustness, SharedSubtreesAreCheckedOnce) {
  // 40 levels of a 4-way fan-out over shared nodes (a YAML alias DAG): 4^40 paths, 41 nodes.
  DocBuilder b;
  doc::Node* level = &b.node(doc::NodeKind::mapping);
  b.add(*level, "type", doc::NodeKind::string).text = "string";
  b.add(*level, "enum", doc::NodeKind::sequence);  // one finding, reported once
  for (int i = 0; i < 40; ++i) {
    doc::Node& next = b.node(doc::NodeKind::mapping);
    doc::Node& properties = b.add(next, "properties", doc::NodeKind::mapping);
    for (const char* name : {"a", "b", "c", "d"}) b.link(properties, name, *level);
    level = &next;
  }
  b.link(b.schemas(), "S", *level);
  const ValidationResult r = validate_document(b.document(), {});
  EXPECT_EQ(with_rule(r, "enum-empty").size(), 1U) << dump(r);
}

TEST(ApidefRobustness, YamlAliasesAreFine) {
  std::string yaml = "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";
  yaml += "    L0: &l0 {type: object, properties: {a: {type: string}}}\n";
  for (int i = 1; i <= 6; ++i) {
    const std::string prev = "*l" + std::to_string(i - 1);
    yaml += "    L" + std::to_string(i) + ": &l" + std::to_string(i) + " {type: object, properties: {a: " + prev +
            ", b: " + prev + ", c: " + prev + ", d: " + prev + "}}\n";
  }
  expect_valid(check(yaml));
}

TEST(ApidefRobustness, ConcurrentValidationIsIndependent) {
  std::vector<std::thread> threads;
  std::vector<int> valid(8, -1);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] { valid[static_cast<std::size_t>(i)] = check(i % 2 == 0 ? kOas30 : "openapi: 3.0.0\n").valid(); });
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(valid[static_cast<std::size_t>(i)], i % 2 == 0 ? 1 : 0);
}

}  // namespace
}  // namespace carport::apidef
