"""The PySide6 application: windows and widgets only; the logic lives in plain Python modules."""
