"""Bundled data files of mugui (digits, icons, styles), installed as ``mugui_resources``."""
