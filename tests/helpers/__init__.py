"""Test helpers: render check (LibreOffice) and structural check of .pptx packages."""
