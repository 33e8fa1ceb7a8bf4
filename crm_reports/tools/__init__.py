from .xlsx import xlsx_download  # noqa: F401
