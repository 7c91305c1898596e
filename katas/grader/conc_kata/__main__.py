"""python3 -m conc_kata (with CONC_KATA_CONFIG naming the build's conc-kata.json)."""
import sys

from .cli import main

sys.exit(main())
