#!/usr/bin/env python3
"""Builds the small CApps in samples/capps (made by us, not taken from any corpus).

Run from anywhere: python3 samples/make_samples.py. Output is deterministic (fixed timestamps),
so re-running it leaves git clean.
"""
import io
import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "capps"
STAMP = (2021, 6, 1, 10, 30, 0)

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?><xsl:stylesheet '
              'xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:firstElementOfTheInput="{root}" '
              'xmlns:notXSLTCompatible="false" xmlns:own="http://ownfunction.org" ')
SHEET_BODY = ('><xsl:template match="/"><ResultAdd><result><xsl:value-of '
              'select="( number({root}/num1) + number({root}/num2) )"/></result></ResultAdd>'
              '</xsl:template></xsl:stylesheet>')

FORM_A = (SHEET_HEAD + 'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
          'extension-element-prefixes="xs own notXSLTCompatible firstElementOfTheInput" version="2.0"' + SHEET_BODY)
FORM_B = (SHEET_HEAD + 'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
          'extension-element-prefixes="own notXSLTCompatible firstElementOfTheInput" '
          'exclude-result-prefixes="xs" version="2.0"' + SHEET_BODY)
# Form D (runtime property), pretty-printed over several lines with CRLF, attributes reordered.
FORM_D = ('<?xml version="1.0" encoding="UTF-8"?>\r\n'
          '<xsl:stylesheet version="2.0"\r\n'
          "    extension-element-prefixes='xs own runTimeProperties notXSLTCompatible firstElementOfTheInput'\r\n"
          '    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"\r\n'
          '    xmlns:xs="http://www.w3.org/2001/XMLSchema"\r\n'
          '    xmlns:own="http://ownfunction.org"\r\n'
          '    xmlns:runTimeProperties="discount,DEFAULT"\r\n'
          '    xmlns:notXSLTCompatible="false"\r\n'
          '    xmlns:firstElementOfTheInput="{root}">\r\n'
          '  <xsl:param name="discount"/>\r\n'
          '  <xsl:template match="/"><Total><xsl:value-of select="number({root}/num1) - number($discount)"/></Total></xsl:template>\r\n'
          '</xsl:stylesheet>\r\n')


def artifacts_xml(app, deps):
    rows = "".join(
        f'\n        <dependency artifact="{name}" version="1.0.0" include="true" serverRole="EnterpriseServiceBus"/>'
        for name in deps)
    return (f'<?xml version="1.0" encoding="UTF-8"?><artifacts>\n'
            f'    <artifact name="{app}" version="1.0.0" type="carbon/application">{rows}\n'
            f'    </artifact>\n</artifacts>\n')


def artifact_xml(name, kind, file_name):
    return (f'<?xml version="1.0" encoding="UTF-8"?><artifact name="{name}" version="1.0.0" type="{kind}" '
            f'serverRole="EnterpriseServiceBus">\n    <file>{file_name}</file>\n</artifact>\n')


def registry_resource(name, file_name, content, path="/_system/governance/datamapper"):
    folder = f"{name}_1.0.0/"
    info = (f'<?xml version="1.0" encoding="UTF-8"?><resources><item><file>{file_name}</file>'
            f'<path>{path}</path><mediaType>text/plain</mediaType></item></resources>\n')
    return [(folder, b""),
            (folder + "artifact.xml", artifact_xml(name, "registry/resource", "registry-info.xml").encode()),
            (folder + "registry-info.xml", info.encode()),
            (folder + "resources/", b""),
            (folder + "resources/" + file_name, content.encode())]


def data_mapping(mapping, root, sheet):
    entries = []
    entries += registry_resource(mapping, f"{mapping}.dmc",
                                 f"map_S_{root}_S_ResultAdd = function(){{ var outputResultAdd={{}}; return outputResultAdd; }};\n")
    entries += registry_resource(f"{mapping}_inputSchema", f"{mapping}_inputSchema.json",
                                 '{"$schema":"http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#","title":"%s"}\n' % root)
    entries += registry_resource(f"{mapping}_outputSchema", f"{mapping}_outputSchema.json",
                                 '{"$schema":"http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#","title":"ResultAdd"}\n')
    entries += registry_resource(f"{mapping}_xsltStyleSheet", f"{mapping}_xsltStyleSheet.xml", sheet.format(root=root))
    return entries, [mapping, f"{mapping}_inputSchema", f"{mapping}_outputSchema", f"{mapping}_xsltStyleSheet"]


def api(name, context, mapping):
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<api context="{context}" name="{name}" '
            f'xmlns="http://ws.apache.org/ns/synapse">\n    <resource methods="POST">\n        <inSequence>\n'
            f'            <datamapper config="gov:datamapper/{mapping}.dmc" '
            f'inputSchema="gov:datamapper/{mapping}_inputSchema.json" inputType="XML" '
            f'outputSchema="gov:datamapper/{mapping}_outputSchema.json" outputType="XML" '
            f'xsltStyleSheet="gov:datamapper/{mapping}_xsltStyleSheet.xml"/>\n'
            f'            <respond/>\n        </inSequence>\n    </resource>\n</api>\n')
    folder = f"{name}_1.0.0/"
    return [(folder, b""), (folder + "artifact.xml", artifact_xml(name, "synapse/api", f"{name}-1.0.0.xml").encode()),
            (folder + f"{name}-1.0.0.xml", body.encode())]


def write_car(path, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o40755 << 16) | 0x10 if name.endswith("/") else 0o644 << 16
            archive.writestr(info, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def datamapper_capp(app, mapping, root, sheet):
    mapping_entries, mapping_names = data_mapping(mapping, root, sheet)
    api_name = f"{mapping}API"
    entries = api(api_name, f"/{mapping.lower()}", mapping) + mapping_entries
    entries.append(("artifacts.xml", artifacts_xml(app, [api_name] + mapping_names).encode()))
    return entries


def main():
    write_car(OUT / "AddNumbersCApp_1.0.0.car", datamapper_capp("AddNumbersCApp", "AddNumbers", "AddNumbers", FORM_A))
    write_car(OUT / "DiscountCApp_1.0.0.car", datamapper_capp("DiscountCApp", "Discount", "Order", FORM_D))
    write_car(OUT / "AlreadyMigratedCApp_1.0.0.car",
              datamapper_capp("AlreadyMigratedCApp", "Sum", "Numbers", FORM_B))
    proxy = ('<?xml version="1.0" encoding="UTF-8"?>\n<proxy name="HelloProxy" startOnLoad="true" transports="http https" '
             'xmlns="http://ws.apache.org/ns/synapse">\n    <target>\n        <inSequence>\n'
             '            <payloadFactory media-type="json"><format>{"hello":"world"}</format><args/></payloadFactory>\n'
             '            <respond/>\n        </inSequence>\n    </target>\n</proxy>\n')
    write_car(OUT / "HelloProxyCApp_1.0.0.car",
              [("HelloProxy_1.0.0/", b""),
               ("HelloProxy_1.0.0/artifact.xml",
                artifact_xml("HelloProxy", "synapse/proxy-service", "HelloProxy-1.0.0.xml").encode()),
               ("HelloProxy_1.0.0/HelloProxy-1.0.0.xml", proxy.encode()),
               ("artifacts.xml", artifacts_xml("HelloProxyCApp", ["HelloProxy"]).encode())])
    # A fat CAR in a sub-folder: the dependent CApp (form A) is packed under dependencies/.
    inner = io.BytesIO()
    inner_bytes = write_car(HERE / ".inner.tmp", datamapper_capp("InnerCApp", "Convert", "Order", FORM_A))
    (HERE / ".inner.tmp").unlink()
    write_car(OUT / "team-b" / "FatCarCApp_1.0.0.car",
              [("artifacts.xml", artifacts_xml("FatCarCApp", []).encode()),
               ("dependencies/InnerCApp-1.0.0.car", inner_bytes)])
    del inner


if __name__ == "__main__":
    main()
