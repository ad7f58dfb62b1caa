// Unit tests for transforms/datamapper: attribute-level Data Mapper stylesheet migration.
// Fixtures are inline; the form-A sheet is the root line of the real AddNumbers sheet
// (1_6_12_1-synapseCompositeApplication_1.0.0.car) whose WSO2 output is the golden reference.

#include "transforms/datamapper/datamapper.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using carport::EntryOutcome;
using carport::EntryVerdict;
using carport::datamapper::DataMapperTransform;
using carport::datamapper::migrate_stylesheet;

constexpr std::string_view k_decl = R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?>)";
constexpr std::string_view k_flags =
    R"(xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="AddNumbers" )"
    R"(xmlns:notXSLTCompatible="false" xmlns:own="http://ownfunction.org")";
constexpr std::string_view k_xs = R"(xmlns:xs="http://www.w3.org/2001/XMLSchema")";
constexpr std::string_view k_body =
    R"xml(<xsl:template match="/"><ResultAdd><result><xsl:value-of select="( number(AddNumbers/num1) + )xml"
    R"xml(number(AddNumbers/num2) )"/></result></ResultAdd></xsl:template></xsl:stylesheet>)xml";
constexpr std::string_view k_removed_added =
    R"(removed xs from extension-element-prefixes; added exclude-result-prefixes="xs")";
constexpr std::string_view k_already = "already migrated (xs excluded, not in extension-element-prefixes)";
constexpr std::string_view k_not_data_mapper =
    "not a Data Mapper stylesheet (no notXSLTCompatible/firstElementOfTheInput flags); left unchanged";

/// Declaration + `<xsl:stylesheet {attributes}>` + body.
std::string sheet(std::string_view attributes) {
  return std::string(k_decl) + "<xsl:stylesheet " + std::string(attributes) + ">" + std::string(k_body);
}

/// The common flag declarations, xmlns:xs, then `rest`.
std::string with_flags(std::string_view rest) {
  return std::string(k_flags) + " " + std::string(k_xs) + " " + std::string(rest);
}

void expect_single_note(const EntryOutcome& out, bool is_warning, std::string_view message) {
  ASSERT_EQ(out.notes.size(), 1U);
  EXPECT_EQ(out.notes[0].is_warning, is_warning);
  EXPECT_EQ(out.notes[0].message, message);
}

void expect_rewritten(std::string_view input, std::string_view expected, std::string_view note) {
  const EntryOutcome out = migrate_stylesheet(input, true);
  ASSERT_EQ(out.verdict, EntryVerdict::rewritten);
  EXPECT_EQ(out.new_bytes, expected);
  expect_single_note(out, false, note);
}

void expect_unchanged(std::string_view input, std::string_view note) {
  const EntryOutcome out = migrate_stylesheet(input, true);
  EXPECT_EQ(out.verdict, EntryVerdict::unchanged);
  EXPECT_TRUE(out.new_bytes.empty());
  expect_single_note(out, false, note);
}

void expect_skipped(std::string_view input, std::string_view warning, std::uint32_t line, std::uint32_t column) {
  const EntryOutcome out = migrate_stylesheet(input, true);
  EXPECT_EQ(out.verdict, EntryVerdict::skipped);
  EXPECT_TRUE(out.new_bytes.empty());
  expect_single_note(out, true, warning);
  ASSERT_FALSE(out.notes.empty());
  EXPECT_EQ(out.notes[0].line, line);
  EXPECT_EQ(out.notes[0].column, column);
}

std::string form_a() {
  return sheet(with_flags(R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput" )"
                          R"(version="2.0")"));
}

std::string form_d() {
  return sheet(std::string(k_flags) + R"( xmlns:runTimeProperties="theProp,DEFAULT" )" + std::string(k_xs) +
               R"( extension-element-prefixes="xs own runTimeProperties notXSLTCompatible firstElementOfTheInput")"
               R"( version="2.0")");
}

/// ASCII text as UTF-16LE, optionally with a byte order mark.
std::string to_utf16le(std::string_view ascii, bool bom) {
  std::string out = bom ? std::string("\xFF\xFE") : std::string();
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// ---- forms A-F ----------------------------------------------------------------------------------

TEST(DataMapperForms, FormAIsByteExactWithTheWsoToolOutput) {
  const std::string input =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" )"
      R"(xmlns:firstElementOfTheInput="AddNumbers" xmlns:notXSLTCompatible="false" xmlns:own="http://ownfunction.org" )"
      R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput" )"
      R"(version="2.0"><xsl:template match="/"><r/></xsl:template></xsl:stylesheet>)";
  const std::string expected =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" )"
      R"(xmlns:firstElementOfTheInput="AddNumbers" xmlns:notXSLTCompatible="false" xmlns:own="http://ownfunction.org" )"
      R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" )"
      R"(exclude-result-prefixes="xs" version="2.0"><xsl:template match="/"><r/></xsl:template></xsl:stylesheet>)";
  expect_rewritten(input, expected, k_removed_added);
  const EntryOutcome out = migrate_stylesheet(input, true);
  EXPECT_EQ(out.new_bytes.size(), input.size() + 26);
  ASSERT_EQ(out.notes.size(), 1U);
  EXPECT_EQ(out.notes[0].line, 1U);
  EXPECT_EQ(out.notes[0].column, 273U);  // the extension-element-prefixes attribute
}

TEST(DataMapperForms, FormAWithTheWsoReplacementString) {
  const std::string input = form_a();
  std::string expected = input;
  const std::string search = R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")";
  const std::string replace = R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" )"
                              R"(exclude-result-prefixes="xs")";
  ASSERT_NE(expected.find(search), std::string::npos);
  expected.replace(expected.find(search), search.size(), replace);
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperForms, FormBIsUnchanged) {
  expect_unchanged(sheet(with_flags(R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" )"
                                    R"(exclude-result-prefixes="xs" version="2.0")")),
                   k_already);
}

TEST(DataMapperForms, FormCIsUnchanged) {
  expect_unchanged(
      sheet(with_flags(R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" version="2.0")")),
      "extension-element-prefixes has no xs; nothing to migrate");
}

TEST(DataMapperForms, FormDIsFixedAndKeepsRunTimeProperties) {
  const std::string expected =
      sheet(std::string(k_flags) + R"( xmlns:runTimeProperties="theProp,DEFAULT" )" + std::string(k_xs) +
            R"( extension-element-prefixes="own runTimeProperties notXSLTCompatible firstElementOfTheInput")"
            R"( exclude-result-prefixes="xs" version="2.0")");
  expect_rewritten(form_d(), expected, k_removed_added);
}

TEST(DataMapperForms, FormERemovesOnlyXsAndAddsNoSecondAttribute) {
  const std::string input = sheet(with_flags(
      R"(exclude-result-prefixes="xs" extension-element-prefixes="xs own runTimeProperties notXSLTCompatible )"
      R"(firstElementOfTheInput" version="2.0")"));
  const std::string expected = sheet(with_flags(
      R"(exclude-result-prefixes="xs" extension-element-prefixes="own runTimeProperties notXSLTCompatible )"
      R"(firstElementOfTheInput" version="2.0")"));
  expect_rewritten(input, expected,
                   "removed xs from extension-element-prefixes; exclude-result-prefixes already holds xs");
}

TEST(DataMapperForms, FormEPrimeAppendsXsToExistingExcludeList) {
  const std::string input = sheet(with_flags(
      R"(exclude-result-prefixes="own" extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")"));
  const std::string expected = sheet(with_flags(
      R"(exclude-result-prefixes="own xs" extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput")"));
  expect_rewritten(input, expected, "removed xs from extension-element-prefixes; added xs to exclude-result-prefixes");
}

TEST(DataMapperForms, ExcludeAllIsLeftAlone) {
  const std::string input = sheet(with_flags(
      R"(exclude-result-prefixes="#all" extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")"));
  const std::string expected = sheet(with_flags(
      R"(exclude-result-prefixes="#all" extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput")"));
  expect_rewritten(input, expected, "removed xs from extension-element-prefixes; exclude-result-prefixes is #all");
}

TEST(DataMapperForms, FormFIsUnchanged) {
  const std::string input = sheet(
      R"(xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="AddNumbers" )"
      R"(xmlns:notXSLTCompatible="true" version="2.0")");
  expect_unchanged(input, "no extension-element-prefixes attribute; nothing to migrate");
}

// ---- layout variants ----------------------------------------------------------------------------

TEST(DataMapperLayout, AttributesInAnotherOrder) {
  const std::string input =
      std::string(k_decl) +
      R"(<xsl:stylesheet version="2.0" extension-element-prefixes="own xs notXSLTCompatible firstElementOfTheInput" )" +
      std::string(k_xs) + " " + std::string(k_flags) + ">" + std::string(k_body);
  const std::string expected =
      std::string(k_decl) +
      R"(<xsl:stylesheet version="2.0" extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" )"
      R"(exclude-result-prefixes="xs" )" +
      std::string(k_xs) + " " + std::string(k_flags) + ">" + std::string(k_body);
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperLayout, SingleQuotesAreReusedForTheNewAttribute) {
  const std::string input =
      sheet(with_flags("extension-element-prefixes='xs own notXSLTCompatible firstElementOfTheInput' version='2.0'"));
  const std::string expected = sheet(with_flags(
      "extension-element-prefixes='own notXSLTCompatible firstElementOfTheInput' exclude-result-prefixes='xs' "
      "version='2.0'"));
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperLayout, NewlinesAndTabsBetweenAttributesAndTokens) {
  const std::string input = std::string(k_decl) + "\n<xsl:stylesheet\n\t" + std::string(k_flags) + "\n\t" +
                            std::string(k_xs) +
                            "\n\textension-element-prefixes = \"own\txs\n  notXSLTCompatible firstElementOfTheInput\"" +
                            "\n\tversion=\"2.0\"\n>" + std::string(k_body);
  const std::string expected = std::string(k_decl) + "\n<xsl:stylesheet\n\t" + std::string(k_flags) + "\n\t" +
                               std::string(k_xs) +
                               "\n\textension-element-prefixes = \"own\tnotXSLTCompatible firstElementOfTheInput\"" +
                               " exclude-result-prefixes=\"xs\"\n\tversion=\"2.0\"\n>" + std::string(k_body);
  expect_rewritten(input, expected, k_removed_added);
  const EntryOutcome out = migrate_stylesheet(input, true);
  ASSERT_EQ(out.notes.size(), 1U);
  EXPECT_EQ(out.notes[0].line, 5U);
  EXPECT_EQ(out.notes[0].column, 2U);
}

TEST(DataMapperLayout, CrlfFileKeepsItsLineEndings) {
  const std::string input = std::string(k_decl) + "\r\n<xsl:stylesheet " + std::string(k_flags) + "\r\n    " +
                            std::string(k_xs) +
                            "\r\n    extension-element-prefixes=\"xs own notXSLTCompatible firstElementOfTheInput\"" +
                            "\r\n    version=\"2.0\">\r\n  <xsl:template match=\"/\"/>\r\n</xsl:stylesheet>\r\n";
  const std::string expected = std::string(k_decl) + "\r\n<xsl:stylesheet " + std::string(k_flags) + "\r\n    " +
                               std::string(k_xs) +
                               "\r\n    extension-element-prefixes=\"own notXSLTCompatible firstElementOfTheInput\"" +
                               " exclude-result-prefixes=\"xs\"\r\n    version=\"2.0\">\r\n  <xsl:template " +
                               "match=\"/\"/>\r\n</xsl:stylesheet>\r\n";
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperLayout, Utf8BomIsKept) {
  const std::string bom = "\xEF\xBB\xBF";
  const EntryOutcome out = migrate_stylesheet(bom + form_a(), true);
  ASSERT_EQ(out.verdict, EntryVerdict::rewritten);
  EXPECT_EQ(out.new_bytes, bom + migrate_stylesheet(form_a(), true).new_bytes);
  EXPECT_EQ(out.new_bytes.substr(0, 3), bom);
}

TEST(DataMapperLayout, XsdPrefixBoundToXmlSchema) {
  const std::string flags_xsd = std::string(k_flags) + R"( xmlns:xsd="http://www.w3.org/2001/XMLSchema" )";
  const std::string input =
      sheet(flags_xsd + R"(extension-element-prefixes="xsd own notXSLTCompatible firstElementOfTheInput")");
  const std::string expected = sheet(flags_xsd + R"(extension-element-prefixes="own notXSLTCompatible )"
                                                 R"(firstElementOfTheInput" exclude-result-prefixes="xsd")");
  expect_rewritten(input, expected,
                   R"(removed xsd from extension-element-prefixes; added exclude-result-prefixes="xsd")");
}

TEST(DataMapperLayout, TwoSchemaPrefixesAndATokenLeftLast) {
  const std::string flags_both = with_flags(R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema" )");
  const std::string input = sheet(flags_both + R"(extension-element-prefixes="own xs notXSLTCompatible xsd")");
  const std::string expected =
      sheet(flags_both + R"(extension-element-prefixes="own notXSLTCompatible" exclude-result-prefixes="xs xsd")");
  expect_rewritten(input, expected,
                   R"(removed xs, xsd from extension-element-prefixes; added exclude-result-prefixes="xs xsd")");
}

TEST(DataMapperLayout, OnlyTokenRemovedLeavesAnEmptyList) {
  const std::string input = sheet(with_flags(R"(extension-element-prefixes="xs" version="2.0")"));
  const std::string expected =
      sheet(with_flags(R"(extension-element-prefixes="" exclude-result-prefixes="xs" version="2.0")"));
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperLayout, LeadingAndTrailingWhitespaceInTheListIsKept) {
  const std::string input = sheet(with_flags(R"(extension-element-prefixes=" own xs " version="2.0")"));
  const std::string expected =
      sheet(with_flags(R"(extension-element-prefixes=" own " exclude-result-prefixes="xs" version="2.0")"));
  expect_rewritten(input, expected, k_removed_added);
  const std::string first = sheet(with_flags(R"(extension-element-prefixes=" xs  own" version="2.0")"));
  const std::string first_expected =
      sheet(with_flags(R"(extension-element-prefixes=" own" exclude-result-prefixes="xs" version="2.0")"));
  expect_rewritten(first, first_expected, k_removed_added);
}

TEST(DataMapperLayout, TwoMissingPrefixesAreAppendedToTheExcludeList) {
  const std::string flags_both = with_flags(R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema" )");
  const std::string input =
      sheet(flags_both + R"(extension-element-prefixes="xs xsd own" exclude-result-prefixes="own ")");
  const std::string expected =
      sheet(flags_both + R"(extension-element-prefixes="own" exclude-result-prefixes="own xs xsd")");
  expect_rewritten(input, expected,
                   "removed xs, xsd from extension-element-prefixes; added xs, xsd to exclude-result-prefixes");
}

TEST(DataMapperLayout, PrologWithCommentsPisAndDoctype) {
  const std::string prolog = std::string(k_decl) + "\n<!-- <xsl:stylesheet a=\"b\"> -->\n<?pi >x?>\n" +
                             "<!DOCTYPE xsl:stylesheet [\n  <!ENTITY e \"a>]b\">\n  <!-- ] > -->\n]>\n";
  const std::string tail = std::string(k_body);
  const std::string input = prolog + "<xsl:stylesheet " +
                            with_flags(R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")") +
                            ">" + tail;
  const std::string expected =
      prolog + "<xsl:stylesheet " +
      with_flags(R"(extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" )"
                 R"(exclude-result-prefixes="xs")") +
      ">" + tail;
  expect_rewritten(input, expected, k_removed_added);
}

TEST(DataMapperLayout, DefaultNamespaceTransformRoot) {
  const std::string attributes =
      R"(xmlns="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="A" xmlns:notXSLTCompatible="false" )"
      R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="xs notXSLTCompatible")";
  const std::string input = "<transform " + std::string(attributes) + "/>";
  const std::string expected = "<transform " + std::string(attributes).replace(attributes.find("\"xs "), 4, "\"") +
                               " exclude-result-prefixes=\"xs\"/>";
  expect_rewritten(input, expected, k_removed_added);
}

// ---- refusals and reports -------------------------------------------------------------------------

TEST(DataMapperReports, EmptyNamedSheetIsSkipped) {
  expect_skipped("", "empty stylesheet (0 bytes); left unchanged", 0, 0);
}

TEST(DataMapperReports, EmptyUnnamedFileIsNotApplicable) {
  const EntryOutcome out = migrate_stylesheet("", false);
  EXPECT_EQ(out.verdict, EntryVerdict::not_applicable);
  EXPECT_TRUE(out.notes.empty());
}

TEST(DataMapperReports, FastPathForUnflaggedRegistryXml) {
  // Malformed on purpose: the fast path must not even parse it.
  const EntryOutcome out = migrate_stylesheet("<registry><broken></registry>", false);
  EXPECT_EQ(out.verdict, EntryVerdict::not_applicable);
  EXPECT_TRUE(out.notes.empty());
  EXPECT_TRUE(out.new_bytes.empty());
}

TEST(DataMapperReports, FlaggedUnnamedDataMapperSheetIsFixed) {
  const EntryOutcome out = migrate_stylesheet(form_a(), false);
  ASSERT_EQ(out.verdict, EntryVerdict::rewritten);
  EXPECT_EQ(out.new_bytes, migrate_stylesheet(form_a(), true).new_bytes);
}

TEST(DataMapperReports, FlaggedUnnamedNonStylesheetIsNotApplicable) {
  const EntryOutcome out = migrate_stylesheet("<doc>notXSLTCompatible is a flag</doc>", false);
  EXPECT_EQ(out.verdict, EntryVerdict::not_applicable);
  EXPECT_TRUE(out.notes.empty());
}

TEST(DataMapperReports, NamedNonDataMapperXsltIsUnchangedWithNote) {
  const std::string copy_filter =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n"
      R"(<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" )"
      R"(xmlns:xs="http://www.w3.org/2001/XMLSchema" extension-element-prefixes="xs">)"
      "\n"
      R"x(<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>)x"
      "</xsl:template>\n</xsl:stylesheet>\n";
  expect_unchanged(copy_filter, k_not_data_mapper);
}

TEST(DataMapperReports, FlagsOnAForeignRootAreNotADataMapperSheet) {
  std::string input = sheet(with_flags(R"(extension-element-prefixes="xs own")"));
  const std::string_view xslt_ns = "http://www.w3.org/1999/XSL/Transform";
  input.replace(input.find(xslt_ns), xslt_ns.size(), "urn:not-xslt");
  ASSERT_NE(input.find("xmlns:xsl=\"urn:not-xslt\""), std::string::npos);
  expect_unchanged(input, k_not_data_mapper);
}

TEST(DataMapperReports, MissingFirstElementFlagIsNotADataMapperSheet) {
  const std::string input =
      sheet(R"(xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:notXSLTCompatible="false" )" +
            std::string(k_xs) + R"( extension-element-prefixes="xs notXSLTCompatible")");
  expect_unchanged(input, k_not_data_mapper);
}

TEST(DataMapperReports, MalformedXmlIsSkippedWithLineAndColumn) {
  const std::string input =
      "<?xml version=\"1.0\"?>\n<xsl:stylesheet " + std::string(k_flags) +
      ">\n  <xsl:template match=\"/\"></xsl:templat>\n</xsl:stylesheet>\n";
  expect_skipped(input, "not well-formed XML: Start-end tags mismatch; left unchanged", 3, 29);
}

TEST(DataMapperReports, ErrorColumnsCountCharactersAfterTheBom) {
  const std::string input = "\xEF\xBB\xBF<a notXSLTCompatible=\"\xC3\xA9\"><b></a>";
  expect_skipped(input, "not well-formed XML: Start-end tags mismatch; left unchanged", 1, 31);
}

TEST(DataMapperReports, NotePositionIgnoresTheBom) {
  const EntryOutcome out = migrate_stylesheet("\xEF\xBB\xBF" + form_a(), true);
  ASSERT_EQ(out.notes.size(), 1U);
  EXPECT_EQ(out.notes[0].line, 1U);
  EXPECT_EQ(out.notes[0].column, 273U);
}

TEST(DataMapperReports, MalformedFlaggedUnnamedFileIsSkipped) {
  const EntryOutcome out = migrate_stylesheet("<a notXSLTCompatible=\"false\">", false);
  EXPECT_EQ(out.verdict, EntryVerdict::skipped);
  ASSERT_EQ(out.notes.size(), 1U);
  EXPECT_TRUE(out.notes[0].is_warning);
  EXPECT_EQ(out.notes[0].message.rfind("not well-formed XML: ", 0), 0U);
}

TEST(DataMapperReports, CharacterReferencesInExtensionListAreNotEdited) {
  const std::string input = std::string(k_decl) + "<xsl:stylesheet " + with_flags("\n") +
                            "  extension-element-prefixes=\"&#120;s own notXSLTCompatible\">" + std::string(k_body);
  expect_skipped(input, "extension-element-prefixes uses character references; left unchanged", 2, 3);
}

TEST(DataMapperReports, CharacterReferencesInExcludeListAreNotEdited) {
  const std::string input = sheet(with_flags(
      R"(exclude-result-prefixes="&#111;wn" extension-element-prefixes="xs own notXSLTCompatible")"));
  const EntryOutcome out = migrate_stylesheet(input, true);
  EXPECT_EQ(out.verdict, EntryVerdict::skipped);
  expect_single_note(out, true, "exclude-result-prefixes uses character references; left unchanged");
}

TEST(DataMapperReports, CharacterReferenceOutsideTheEditedValuesIsFine) {
  const std::string input =
      sheet(with_flags(R"(exclude-result-prefixes="&#120;s" extension-element-prefixes="xs own notXSLTCompatible")"));
  const std::string expected =
      sheet(with_flags(R"(exclude-result-prefixes="&#120;s" extension-element-prefixes="own notXSLTCompatible")"));
  expect_rewritten(input, expected,
                   "removed xs from extension-element-prefixes; exclude-result-prefixes already holds xs");
}

TEST(DataMapperReports, DuplicateAttributeIsNotEdited) {
  const std::string input = sheet(with_flags(
      R"(exclude-result-prefixes="own" exclude-result-prefixes="own" extension-element-prefixes="xs own")"));
  const EntryOutcome out = migrate_stylesheet(input, true);
  EXPECT_EQ(out.verdict, EntryVerdict::skipped);
  expect_single_note(out, true, "duplicate attribute exclude-result-prefixes on the root element; left unchanged");
}

TEST(DataMapperReports, NonUtf8DeclaredEncodingIsSkipped) {
  std::string input = form_a();
  input.replace(input.find("UTF-8"), 5, "ISO-8859-1");
  expect_skipped(input, R"(stylesheet declares encoding "ISO-8859-1", not UTF-8; left unchanged)", 0, 0);
}

TEST(DataMapperReports, Utf16SheetIsSkipped) {
  const std::string body = "<xsl:stylesheet " +
                           with_flags(R"(extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput")") +
                           ">" + std::string(k_body);
  expect_skipped(to_utf16le(body, true), "stylesheet is UTF-16 encoded, not UTF-8; left unchanged", 0, 0);
}

TEST(DataMapperReports, NoSchemaPrefixBoundMeansNothingToDo) {
  const std::string input = sheet(std::string(k_flags) + R"( extension-element-prefixes="xs own")");
  expect_unchanged(input, "no prefix is bound to the XML Schema namespace; nothing to migrate");
}

TEST(DataMapperReports, TokenThatMerelyStartsWithXsIsKept) {
  const std::string input = sheet(with_flags(
      R"(xmlns:xsx="urn:x" extension-element-prefixes="xsx own" exclude-result-prefixes="xs")"));
  expect_unchanged(input, k_already);
}

// ---- the Transform interface ---------------------------------------------------------------------

TEST(DataMapperTransformTest, NameIsStable) { EXPECT_EQ(DataMapperTransform().name(), "datamapper-xslt"); }

TEST(DataMapperTransformTest, WantsStylesheetsAndRegistryResources) {
  const DataMapperTransform transform;
  EXPECT_TRUE(transform.wants("AddNumbers_xsltStyleSheet_1.0.0/resources/AddNumbers_xsltStyleSheet.xml"));
  EXPECT_TRUE(transform.wants("AddNumbers_xsltStyleSheet.xml"));
  EXPECT_TRUE(transform.wants("Foo_1.0.0/resources/foo.xml"));
  EXPECT_TRUE(transform.wants("Foo_1.0.0/resources/sub/foo.XML"));
  EXPECT_TRUE(transform.wants("Foo_1.0.0/resources/foo.Xsl"));
  EXPECT_TRUE(transform.wants("Foo_1.0.0/resources/foo.xslt"));
  EXPECT_TRUE(transform.wants("resources/foo.xml"));
}

TEST(DataMapperTransformTest, DoesNotWantOtherEntries) {
  const DataMapperTransform transform;
  EXPECT_FALSE(transform.wants("AddNumbers_xsltstylesheet.xml"));
  EXPECT_FALSE(transform.wants("AddNumbers_xsltStyleSheet.xml.bak"));
  EXPECT_FALSE(transform.wants("artifacts.xml"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/artifact.xml"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/myresources/foo.xml"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/resources/foo.json"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/resources/foo.dmc"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/resources/"));
  EXPECT_FALSE(transform.wants("__MACOSX/Foo_1.0.0/resources/foo.xml"));
  EXPECT_FALSE(transform.wants("__MACOSX/A_xsltStyleSheet.xml"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/.meta/resources/foo.xml"));
  EXPECT_FALSE(transform.wants("Foo_1.0.0/resources/.meta/A_xsltStyleSheet.xml"));
}

TEST(DataMapperTransformTest, ApplyUsesTheEntryNameForTheNamedFlag) {
  const DataMapperTransform transform;
  const std::string plain_xslt = R"(<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>)";
  EXPECT_EQ(transform.apply("Foo_1.0.0/resources/plain.xml", plain_xslt).verdict, EntryVerdict::not_applicable);
  const EntryOutcome named = transform.apply("Foo_1.0.0/resources/Foo_xsltStyleSheet.xml", plain_xslt);
  EXPECT_EQ(named.verdict, EntryVerdict::unchanged);
  expect_single_note(named, false, k_not_data_mapper);
  EXPECT_EQ(transform.apply("A_xsltStyleSheet.xml", "").verdict, EntryVerdict::skipped);
  EXPECT_EQ(transform.apply("resources/a.xml", "").verdict, EntryVerdict::not_applicable);
}

TEST(DataMapperTransformTest, ApplyingTwiceIsIdempotent) {
  const DataMapperTransform transform;
  for (const std::string& input : {form_a(), form_d()}) {
    const EntryOutcome first = transform.apply("A_xsltStyleSheet.xml", input);
    ASSERT_EQ(first.verdict, EntryVerdict::rewritten);
    const EntryOutcome second = transform.apply("A_xsltStyleSheet.xml", first.new_bytes);
    EXPECT_EQ(second.verdict, EntryVerdict::unchanged);
    EXPECT_TRUE(second.new_bytes.empty());
    expect_single_note(second, false, k_already);
  }
}

TEST(DataMapperTransformTest, ConcurrentCallsAgree) {
  const DataMapperTransform transform;
  const std::string input = form_d();
  const std::string expected = transform.apply("A_xsltStyleSheet.xml", input).new_bytes;
  ASSERT_FALSE(expected.empty());
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (transform.apply("A_xsltStyleSheet.xml", input).new_bytes != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
