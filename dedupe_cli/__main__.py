"""Allow ``python -m dedupe_cli``."""

from dedupe_cli.cli import main

if __name__ == "__main__":
    main()
