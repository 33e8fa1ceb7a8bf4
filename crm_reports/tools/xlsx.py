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
