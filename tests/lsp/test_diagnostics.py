"""Diagnostics: pushed on open, change and save, pulled on request; the
other open pages a change reaches get theirs again; positions in UTF-16
and UTF-8 on a line with an emoji and wide characters."""

from lsprotocol import types

from conftest import (
    mark,
    DIRECTOR,
    ENGINEER,
    change,
    codes,
    diagnostics_for,
    line_of,
    open_page,
    utf16_column,
)


async def test_open_publishes_the_pages_findings(client, site):
    uri, text, published = await open_page(client, site, ENGINEER)
    assert published.version == 1
    assert codes(published.diagnostics) == [
        "british-spelling",
        "missing-reports-to",
        "typo",
        "typo",
    ]
    parter = next(d for d in published.diagnostics if "Parter" in d.message)
    number, line = line_of(text, "- Parter with")
    assert parter.range.start == types.Position(line=number, character=2)
    assert parter.range.end == types.Position(line=number, character=8)
    assert parter.severity == types.DiagnosticSeverity.Warning
    assert parter.source == "jflint"
    assert "help: " in parter.message


async def test_columns_count_utf16_units_after_an_emoji(client, site):
    uri, text, published = await open_page(client, site, ENGINEER)
    number, line = line_of(text, "distrbuted")
    found = next(d for d in published.diagnostics if "distrbuted" in d.message)
    start = utf16_column(line, line.index("distrbuted"))
    assert (found.range.start.line, found.range.start.character) == (number, start)
    assert found.range.end.character == start + len("distrbuted")
    # The rocket is two UTF-16 units: the column is not the character count.
    assert start == line.index("distrbuted") + 1


async def test_columns_count_bytes_when_utf8_is_negotiated(utf8_client, site):
    uri, text, published = await open_page(utf8_client, site, ENGINEER)
    number, line = line_of(text, "distrbuted")
    found = next(d for d in published.diagnostics if "distrbuted" in d.message)
    start = len(line[: line.index("distrbuted")].encode("utf-8"))
    assert (found.range.start.line, found.range.start.character) == (number, start)
    # The rocket is four bytes, each CJK character three.
    assert start == line.index("distrbuted") + 3 + 3 * 2


async def test_an_incremental_change_republishes(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    number, line = line_of(text, "- Parter with")
    fix = types.Range(
        start=types.Position(line=number, character=2),
        end=types.Position(line=number, character=8),
    )
    since = change(client, uri, 2, "Partner", fix)
    published = await diagnostics_for(client, uri, since)
    assert published.version == 2
    assert not any("Parter" in d.message for d in published.diagnostics)
    # An edit after the emoji, in UTF-16 units.
    number, line = line_of(text, "distrbuted")
    start = utf16_column(line, line.index("distrbuted"))
    since = change(
        client,
        uri,
        3,
        "distributed",
        types.Range(
            start=types.Position(line=number, character=start),
            end=types.Position(line=number, character=start + len("distrbuted")),
        ),
    )
    published = await diagnostics_for(client, uri, since)
    assert codes(published.diagnostics) == ["british-spelling", "missing-reports-to"]


async def test_save_republishes(client, site):
    uri, _, first = await open_page(client, site, ENGINEER)
    since = mark(client)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    again = await diagnostics_for(client, uri, since)
    assert codes(again.diagnostics) == codes(first.diagnostics)


async def test_a_change_to_one_page_updates_the_pages_that_link_to_it(client, site):
    engineer, _, first = await open_page(client, site, ENGINEER)
    assert "broken-link" not in codes(first.diagnostics)
    director, text, _ = await open_page(client, site, DIRECTOR)
    # Renaming the director's heading in the buffer breaks the manager's
    # reports-to link on the other page, which is open.
    since = change(client, director, 2, text.replace("### Director, Widget Engineering", "### Director, Widgets"))
    published = await diagnostics_for(client, engineer, since)
    assert "broken-link" in codes(published.diagnostics)
    # Closing the buffer unsaved: the file on disk counts again.
    since = mark(client)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=director))
    )
    published = await diagnostics_for(client, engineer, since)
    assert "broken-link" not in codes(published.diagnostics)


async def test_files_changed_on_disk_are_read_again(client, site):
    engineer, _, _ = await open_page(client, site, ENGINEER)
    path = site / DIRECTOR
    path.write_text(path.read_text().replace("### Director, Widget Engineering", "### Director, Gadgets"))
    since = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    published = await diagnostics_for(client, engineer, since)
    assert "broken-link" in codes(published.diagnostics)
    path.unlink()
    since = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    published = await diagnostics_for(client, engineer, since)
    broken = [d for d in published.diagnostics if d.code == "broken-link"]
    assert broken and "widget-director" in broken[0].message


async def test_pull_diagnostics(pull_client, site):
    path = site / ENGINEER
    uri = path.as_uri()
    pull_client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=path.read_text()
            )
        )
    )
    report = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert report.kind == "full"
    assert codes(report.items) == ["british-spelling", "missing-reports-to", "typo", "typo"]
    # A pulling client is not pushed to.
    assert uri not in pull_client.diagnostics
