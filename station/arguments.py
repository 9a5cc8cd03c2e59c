"""The commands' argument parser: a bad argument is refused in one French line, never argparse's
English usage block."""

from __future__ import annotations

import argparse
from typing import NoReturn

EXIT_USAGE = 64


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_USAGE,
            f"Erreur : argument refusé ({message}) ; voir « {self.prog} --help ».\n",
        )
