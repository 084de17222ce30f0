"""Files reviewers file: the compliance table as an Excel workbook, the 审查意见书 draft as a Word document.

Headless (openpyxl, python-docx, reportlab, pypdfium2; no Qt).

>>> from planner.export import write_xlsx, write_docx
>>> callable(write_xlsx) and callable(write_docx)
True
"""

from planner.export.docx import write_docx
from planner.export.xlsx import audit_workbook, write_audit_xlsx, write_xlsx

__all__ = ["write_xlsx", "write_audit_xlsx", "audit_workbook", "write_docx"]
