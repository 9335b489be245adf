"""Clients for the end-to-end tests of `jflint server`.

Each test gets a copy of `fixtures/lsp/site` (a small Hugo site of invented
Widget Engineer pages) and a server started as `$JFLINT_BIN server`, talked
to by pytest-lsp's client as an editor would.
"""

import asyncio
import os
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "fixtures" / "lsp" / "site"
BIN = os.environ.get("JFLINT_BIN", str(ROOT / "target" / "debug" / "jflint"))
ENGINEER = "content/job-families/engineering/widget-engineer.md"
DIRECTOR = "content/job-families/engineering/widget-director.md"
TIMEOUT = 20

def make_client():
    """pytest-lsp's test client, keeping every publication in order (its own
    keeps the last per page): a test waits for one sent after its action."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=[BIN, "server"], client_factory=make_client)


@pytest.fixture
def site(tmp_path):
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target.resolve()


def capabilities(pull=False, encodings=None, watch=True):
    text_document = types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            version_support=True
        ),
        diagnostic=types.DiagnosticClientCapabilities() if pull else None,
    )
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings
        else None,
        text_document=text_document,
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=watch
            ),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(
                refresh_support=True
            )
            if pull
            else None,
        ),
    )


async def start(client, site, **kwargs):
    options = kwargs.pop("options", None)
    params = types.InitializeParams(
        capabilities=capabilities(**kwargs),
        workspace_folders=[types.WorkspaceFolder(uri=site.as_uri(), name="site")],
        initialization_options=options,
    )
    return await client.initialize_session(params)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, site):
    await start(lsp_client, site)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def pull_client(lsp_client: LanguageClient, site):
    await start(lsp_client, site, pull=True)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def utf8_client(lsp_client: LanguageClient, site):
    result = await start(
        lsp_client,
        site,
        encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16],
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


def mark(client):
    """Where the publications stand: pass it to `diagnostics_for` to wait for
    one that an action taken after this point causes."""
    return len(client.published)


async def diagnostics_for(client, uri, since):
    """Waits for the first diagnostics published for `uri` after `since`."""

    async def wait():
        while True:
            for params in client.published[since:]:
                if params.uri == uri:
                    return params
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), TIMEOUT)


async def open_page(client, site, rel, version=1):
    """Opens a page of the site and returns (uri, text, its first diagnostics)."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    since = mark(client)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=text
            )
        )
    )
    published = await diagnostics_for(client, uri, since)
    await workspace_ready(client)
    return uri, text, published


async def workspace_ready(client):
    """Waits until the server says its workspace is open (the first page
    opened may be answered before, by its preview engine)."""

    async def wait():
        while not any("workspace ready" in m.message for m in client.log_messages):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(wait(), TIMEOUT)


def change(client, uri, version, text=None, range=None):
    """Sends a change: the whole text, or `text` over `range`. Returns the
    mark of the publications before it."""
    since = mark(client)
    if range is None:
        event = types.TextDocumentContentChangeWholeDocument(text=text)
    else:
        event = types.TextDocumentContentChangePartial(range=range, text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[event],
        )
    )
    return since


def line_of(text, needle):
    """The 0-based line holding `needle`, and the line's text."""
    for number, line in enumerate(text.split("\n")):
        if needle in line:
            return number, line
    raise AssertionError(f"{needle!r} not in the page")


def utf16_column(line, index):
    return len(line[:index].encode("utf-16-le")) // 2


def position_of(text, needle, offset=0):
    number, line = line_of(text, needle)
    return types.Position(line=number, character=utf16_column(line, line.index(needle) + offset))


def codes(diagnostics):
    return sorted(str(d.code) for d in diagnostics)
