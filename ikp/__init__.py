"""ikp: intake of fraud and migration-crime signals for the IKP."""

__version__ = "0.1.0"
