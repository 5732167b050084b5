"""``python -m uspak``: the same command as ``uspak``."""

from uspak.cli import main

main(prog_name="uspak")
