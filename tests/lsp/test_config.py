"""Configuration: client settings select rules and set severities;
`.jflint.yaml` is read again when it changes."""

from lsprotocol import types

from conftest import ENGINEER, codes, diagnostics_for, open_page, mark


async def test_client_settings_select_rules_and_severities(client, site):
    uri, _, _ = await open_page(client, site, ENGINEER)
    since = mark(client)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"jflint": {"rules": {"typo": "error"}}})
    )
    published = await diagnostics_for(client, uri, since)
    typos = [d for d in published.diagnostics if d.code == "typo"]
    assert typos and all(d.severity == types.DiagnosticSeverity.Error for d in typos)
    since = mark(client)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"jflint": {"select": ["british-spelling"]}})
    )
    published = await diagnostics_for(client, uri, since)
    assert codes(published.diagnostics) == ["british-spelling"]


async def test_the_configuration_file_is_reloaded(client, site):
    uri, _, _ = await open_page(client, site, ENGINEER)
    config = site / ".jflint.yaml"
    config.write_text(config.read_text() + "  british-spelling: off\n")
    since = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    published = await diagnostics_for(client, uri, since)
    assert "british-spelling" not in codes(published.diagnostics)
    assert "typo" in codes(published.diagnostics)
