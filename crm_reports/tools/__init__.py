from .xlsx import write_table, xlsx_download  # noqa: F401
