"""Developer tools run as modules (``python -m tests.tools.NAME``)."""
