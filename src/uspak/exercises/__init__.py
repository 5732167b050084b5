"""Self-checking exercises: banks (bank.py), checking (check.py), compiled student copies
(compile.py), and the two front-ends of one UI (widget.py and notebook.py in Jupyter, the static
host in static/exercise.js on the website)."""
