"""Go to definition, find references and rename across the site."""

from lsprotocol import types

from conftest import DIRECTOR, ENGINEER, line_of, open_page, position_of, mark


async def test_definition_of_links(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    director = (site / DIRECTOR).read_text()
    # Across pages: the heading of the anchor on the other page.
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "[Director, Widget Engineering]", 3),
        )
    )
    assert found.uri == (site / DIRECTOR).as_uri()
    assert found.range.start.line == line_of(director, "### Director, Widget Engineering")[0]
    # In the page: a reports-to link to a level.
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "(#manager-widget-engineering)", 2),
        )
    )
    assert found.uri == uri
    assert found.range.start.line == line_of(text, "### Manager, Widget Engineering")[0]


async def test_references_to_a_heading_across_the_site(client, site):
    uri, text, _ = await open_page(client, site, DIRECTOR)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "### Director, Widget Engineering", 6),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    engineer = (site / ENGINEER).read_text()
    assert [(r.uri, r.range.start.line) for r in found] == [
        ((site / ENGINEER).as_uri(), line_of(engineer, "(/job-families/engineering/widget-director/#director")[0])
    ]


async def test_rename_a_heading_and_every_link_to_it(client, site):
    uri, text, _ = await open_page(client, site, DIRECTOR)
    position = position_of(text, "### Director, Widget Engineering", 6)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert prepared.placeholder == "Director, Widget Engineering"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position,
            new_name="Director, Widget Platform",
        )
    )
    engineer_uri = (site / ENGINEER).as_uri()
    assert set(edit.changes) == {uri, engineer_uri}
    [heading] = edit.changes[uri]
    assert heading.new_text == "Director, Widget Platform"
    [link] = edit.changes[engineer_uri]
    assert link.new_text == "director-widget-platform"
    engineer = (site / ENGINEER).read_text()
    number, line = line_of(engineer, "#director-widget-engineering")
    assert link.range.start == types.Position(line=number, character=line.index("#director-widget-engineering") + 1)
    assert link.range.end.character == link.range.start.character + len("director-widget-engineering")


async def test_rename_within_the_page(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "### Manager, Widget Engineering", 6),
            new_name="Manager, Widgets",
        )
    )
    texts = sorted(e.new_text for e in edit.changes[uri])
    assert texts == ["Manager, Widgets", "manager-widgets"]
