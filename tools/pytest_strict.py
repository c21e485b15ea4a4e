"""pytest plugin: a skipped test fails the run.

A green run full of skips hides missing tools (a browser, websocket-client,
an unset --odoo-http): every skipped or xfailed test turns the exit status to 1.
"""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    hidden = len(reporter.stats.get("skipped", [])) + len(reporter.stats.get("xfailed", []))
    if hidden and session.exitstatus == 0:
        reporter.write_line(
            f"{hidden} test(s) skipped or xfailed: this suite treats that as a failure.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    """Print what the generic security tests enumerated (their ``ENUMERATED`` lines)."""
    import sys

    module = sys.modules.get("odoo.addons.corporate_client.tests.test_security_entrances")
    lines = getattr(module, "ENUMERATED", None)
    if lines:
        terminalreporter.section("enumerated by the security tests")
        for line in lines:
            terminalreporter.write_line(line)
