"""What a careless or broken client sends: the server answers with errors
and keeps serving."""

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound

from conftest import DIRECTOR, ENGINEER, change, codes, diagnostics_for, open_page, position_of, mark


async def still_serving(client, uri, text):
    shown = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "Parter", 1),
        )
    )
    assert "typo" in shown.contents.value


async def test_unknown_methods_get_method_not_found(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("jflint/noSuchMethod", {})
    client.protocol.notify("jflint/noSuchNotification", {})
    await still_serving(client, uri, text)


async def test_malformed_messages_are_answered_and_survived(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    writer = client.protocol.writer
    writer.write(b"Content-Length: 9\r\n\r\n{not json")
    writer.write(b'Content-Length: 13\r\n\r\n{"jsonrpc":1}')
    await asyncio.sleep(0.2)
    await still_serving(client, uri, text)


async def test_a_request_on_a_document_never_opened_is_an_error(client, site):
    # (Parameters of the wrong shape, which this client library refuses to
    # send, are tested over raw pipes in tests/lsp.rs.)
    uri, text, _ = await open_page(client, site, ENGINEER)
    with pytest.raises(Exception, match="not an open document"):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=(site / "nope.md").as_uri()),
                position=types.Position(line=0, character=0),
            )
        )
    await still_serving(client, uri, text)


async def test_out_of_order_versions_are_ignored(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    since = change(client, uri, 5, text.replace("Parter", "Partner"))
    published = await diagnostics_for(client, uri, since)
    assert published.version == 5
    # An older version arrives late: it is not applied.
    change(client, uri, 3, text + "\nThe the widgets.\n")
    await asyncio.sleep(0.3)
    assert any("version 3" in m.message for m in client.log_messages)
    report = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=200, character=0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not any("repeated" in a.title.lower() for a in report)
    since = change(client, uri, 6, text)
    published = await diagnostics_for(client, uri, since)
    assert published.version == 6 and "typo" in codes(published.diagnostics)


async def test_a_file_deleted_while_open(client, site):
    engineer, text, _ = await open_page(client, site, ENGINEER)
    director, _, _ = await open_page(client, site, DIRECTOR)
    path = site / DIRECTOR
    path.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=director, type=types.FileChangeType.Deleted)]
        )
    )
    # The open buffer stands for the page: it still answers.
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=director))
    )
    assert any(s.name == "Levels" for s in symbols)
    # Closed, the page is gone, and the link to it is broken.
    since = mark(client)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=director))
    )
    published = await diagnostics_for(client, engineer, since)
    assert "broken-link" in codes(published.diagnostics)
    await still_serving(client, engineer, text)
