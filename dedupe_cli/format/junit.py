"""JUnit XML, for CI systems that show test reports: one test case per issue.

Issues that fail the check are failures; the others pass (their message is kept as
system output). Built with ElementTree, so article text is XML-escaped; control
characters that XML cannot hold are stripped first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dedupe_cli.format.base import RenderOptions
from dedupe_cli.format.issues import issues
from dedupe_cli.model import Report
from dedupe_cli.sanitize import strip_controls


class JunitFormatter:
    """Renders one ``<testsuite>`` named dedupe."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The XML document."""
        found = issues(report, options.max_excerpt)
        failures = sum(1 for i in found if i.failing)
        suites = ET.Element("testsuites", name="dedupe", tests=str(max(1, len(found))), failures=str(failures))
        suite = ET.SubElement(
            suites, "testsuite", name="dedupe", tests=str(max(1, len(found))), failures=str(failures), errors="0"
        )
        for issue in found:
            where = issue.locations[0].label() if issue.locations else issue.key
            case = ET.SubElement(suite, "testcase", classname=f"dedupe.{issue.kind}", name=f"{where} {issue.key}")
            if issue.failing:
                failure = ET.SubElement(case, "failure", type=issue.kind, message=strip_controls(issue.message))
                failure.text = "\n".join(loc.label() for loc in issue.locations)
            else:
                ET.SubElement(case, "system-out").text = strip_controls(issue.message)
        if not found:
            ET.SubElement(suite, "testcase", classname="dedupe", name="no duplicates or conflicts")
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
