"""The approval PDF (headless: reportlab + matplotlib, no Qt).

>>> callable(write_pdf) and callable(build_pdf)
True
"""

from planner.report.document import build_pdf, write_pdf

__all__ = ["write_pdf", "build_pdf"]
