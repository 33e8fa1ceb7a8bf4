import base64


def xlsx_download(record, content, filename):
    """Keep the Excel file ``content`` on the wizard ``record`` (its ``xlsx_file``
    and ``xlsx_name``) and return the action that downloads it."""
    record.write({"xlsx_file": base64.b64encode(content), "xlsx_name": filename})
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{record._name}/{record.id}/xlsx_file/"
        f"{filename}?download=true",
        "target": "self",
    }


def write_table(sheet, top, headers, rows, formats):
    """A table of ``sheet`` from its row ``top``: the ``headers`` in bold, then a
    row per ``(label, numbers)``, the label then the numbers (``formats["money"]``,
    empty as 0; None, a figure with nothing to measure, as a dash). Returns the
    first row below the table."""
    for col, title in enumerate(headers):
        sheet.write(top, col, title, formats["bold"])
    for row, (label, numbers) in enumerate(rows, start=top + 1):
        sheet.write(row, 0, label)
        for col, value in enumerate(numbers, start=1):
            write_figure(sheet, row, col, value, formats["money"])
    return top + 1 + len(rows)


def write_figure(sheet, row, col, value, number_format):
    """One figure: a number (empty as 0), or a dash for None (nothing to
    measure)."""
    if value is None:
        sheet.write(row, col, "—")
    else:
        sheet.write_number(row, col, value or 0, number_format)
