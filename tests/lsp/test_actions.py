"""Code actions: a finding's fix, all safe fixes of the file, a suppression
comment for the line, a word added to the accepted words."""

import ast

from lsprotocol import types

from conftest import ENGINEER, change, codes, diagnostics_for, line_of, open_page, mark


async def actions_at(client, uri, diagnostic):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


def apply(text, edits):
    """Applies LSP text edits (ASCII lines) to `text`."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(p):
        return offsets[p.line] + p.character

    for edit in sorted(edits, key=lambda e: at(e.range.start), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


async def test_quick_fixes_for_a_typo(client, site):
    uri, text, published = await open_page(client, site, ENGINEER)
    parter = next(d for d in published.diagnostics if "Parter" in d.message)
    actions = await actions_at(client, uri, parter)
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith("Fix:"))
    assert fix.is_preferred
    assert fix.kind == types.CodeActionKind.QuickFix
    [edit] = fix.edit.changes[uri]
    assert edit.new_text == "Partner" and edit.range == parter.range
    assert "Disable typo for this line" in titles
    assert "Add `Parter` to the accepted words" in titles
    assert "Fix all safe fixes in this file" in titles

    fixed = apply(text, next(a for a in actions if a.title == "Fix all safe fixes in this file").edit.changes[uri])
    assert "Parter" not in fixed and "Partner" in fixed
    assert "organization" in fixed and "distributed" in fixed

    disable = next(a for a in actions if a.title == "Disable typo for this line")
    suppressed = apply(text, disable.edit.changes[uri])
    assert "<!-- jflint-disable-next-line typo -->\n- Parter with" in suppressed
    since = change(client, uri, 2, suppressed)
    after = await diagnostics_for(client, uri, since)
    assert not any("Parter" in d.message for d in after.diagnostics)
    assert any("distrbuted" in d.message for d in after.diagnostics)


async def test_disable_inside_a_paragraph_keeps_it_whole(client, site):
    uri, text, _ = await open_page(client, site, ENGINEER)
    text = text.replace(
        "Widget Engineers design, build and run the widget platform that every product team relies on.",
        "Widget Engineers design, build and run the widget platform\nthat every product team relies on, in every orgnization.",
    )
    since = change(client, uri, 2, text)
    published = await diagnostics_for(client, uri, since)
    typo = next(d for d in published.diagnostics if "orgnization" in d.message)
    actions = await actions_at(client, uri, typo)
    disable = next(a for a in actions if a.title == "Disable typo for this line")
    suppressed = apply(text, disable.edit.changes[uri])
    assert "widget platform <!-- jflint-disable-next-line typo -->\nthat every" in suppressed
    since = change(client, uri, 3, suppressed)
    after = await diagnostics_for(client, uri, since)
    assert not any("orgnization" in d.message for d in after.diagnostics)


async def test_accepting_a_word_writes_the_configuration(client, site):
    uri, _, published = await open_page(client, site, ENGINEER)
    parter = next(d for d in published.diagnostics if "Parter" in d.message)
    actions = await actions_at(client, uri, parter)
    accept = next(a for a in actions if a.title == "Add `Parter` to the accepted words")
    # lsprotocol reads this code action back as a command whose `command`
    # is the JSON of the real one.
    command = accept.command
    if isinstance(command, str) and command.startswith("{"):
        command = types.Command(**ast.literal_eval(command))
    assert command.command == "jflint.acceptWord" and command.arguments == ["Parter"]
    since = mark(client)
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )
    config = (site / ".jflint.yaml").read_text()
    assert config.startswith("# The example site of the language server's tests.\n")
    assert "gender-coded-language: off" in config
    assert "accept: [Parter]" in config
    after = await diagnostics_for(client, uri, since)
    assert not any("Parter" in d.message for d in after.diagnostics)
    assert codes(after.diagnostics) == ["british-spelling", "missing-reports-to", "typo"]
