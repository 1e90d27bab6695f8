"""`python -m factsheet` runs the `factsheet` command."""

from factsheet.cli import main

main()
