"""Run the generator: ``python -m generator build|check``."""

from .cli import main

raise SystemExit(main())
