from .xlsx import write_figure, write_table, xlsx_download  # noqa: F401
