"""Public pages: the wall (HTML) and its JSON twin."""
