"""Hover, document symbols and completion: what the page and the site say
about levels, grades, reporting lines and anchors."""

from lsprotocol import types

from conftest import ENGINEER, change, diagnostics_for, line_of, open_page, position_of, mark


async def hover(client, uri, position):
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    return result.contents.value if result else None


async def test_hover_on_a_finding_explains_the_rule(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    shown = await hover(client, uri, position_of(text, "Parter", 2))
    assert "**typo**" in shown and "misspelling of `Partner`" in shown
    assert "## What it does" in shown


async def test_hover_on_links_and_levels(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    # The manager's reports-to link lands on a level of another page.
    shown = await hover(client, uri, position_of(text, "[Director, Widget Engineering]", 3))
    assert "reports to the **Director, Widget Engineering**, grade 10" in shown
    # A level heading: its grade and whom it reports to, with that grade.
    shown = await hover(client, uri, position_of(text, "### Widget Engineer", 6))
    assert shown.startswith("**Widget Engineer**: grade 6; reports to the **Manager, Widget Engineering**, grade 8")
    # A grade link: the level's grade and where the link goes.
    shown = await hover(client, uri, position_of(text, "[grade 7]", 2))
    assert "The **Senior Widget Engineer** is grade 7." in shown
    assert "**GitLab Job Grades**" in shown
    # Plain prose has nothing to say.
    assert await hover(client, uri, position_of(text, "Candidates meet", 2)) is None


async def test_symbols_put_levels_and_grades_first(client, site):
    uri, _, _ = await open_page(client, site, ENGINEER)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    levels_heading = next(s for s in symbols if s.name == "Levels")
    levels = [(s.name, s.detail, s.kind) for s in levels_heading.children]
    assert levels == [
        ("Widget Engineer", "grade 6", types.SymbolKind.Class),
        ("Senior Widget Engineer", "grade 7", types.SymbolKind.Class),
        ("Manager, Widget Engineering", "grade 8", types.SymbolKind.Class),
    ]
    assert [s.name for s in symbols][:2] == ["Responsibilities", "Requirements"]


async def complete(client, uri, position):
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    items = result.items if hasattr(result, "items") else result
    return items or []


async def test_completion_of_anchors_pages_and_the_reports_to_sentence(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    text = text.replace(
        "## Hiring Process\n",
        "## Hiring Process\n\nSee [the levels](#\nAsk [the director](/job-families/\nRead [the grade](/job-families/engineering/widget-director/#\n",
    )
    since = change(client, uri, 2, text)
    await diagnostics_for(client, uri, since)

    number, line = line_of(text, "See [the levels](#")
    items = await complete(client, uri, types.Position(line=number, character=len(line)))
    labels = [i.label for i in items]
    assert "levels" in labels and "senior-widget-engineer" in labels
    assert next(i for i in items if i.label == "levels").detail == "Levels"

    number, line = line_of(text, "Ask [the director](/job-families/")
    items = await complete(client, uri, types.Position(line=number, character=len(line)))
    labels = [i.label for i in items]
    assert "/job-families/engineering/widget-director/" in labels
    assert all(label.startswith("/job-families/") for label in labels)

    number, line = line_of(text, "Read [the grade]")
    items = await complete(client, uri, types.Position(line=number, character=len(line)))
    assert "director-widget-engineering" in [i.label for i in items]

    # A new line after the Senior Widget Engineer's grade sentence.
    grade = "The Senior Widget Engineer is a [grade 7]"
    number, line = line_of(text, grade)
    text = text.replace(line, line + "\n\nThe")
    since = change(client, uri, 3, text)
    await diagnostics_for(client, uri, since)
    items = await complete(client, uri, types.Position(line=number + 2, character=3))
    sentence = "The Senior Widget Engineer reports to the [Manager, Widget Engineering](#manager-widget-engineering)."
    item = next(i for i in items if i.label == sentence)
    assert item.text_edit.range.start == types.Position(line=number + 2, character=0)
