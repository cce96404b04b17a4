"""The typed errors of mugui: each carries one human sentence.

Readers and validators raise these at the edge; the CLI maps them to exit code 2 and one
stderr line, the GUI to an error dialog.
"""


class MuguiError(Exception):
    """Base of every error a user can cause (bad file, bad value, bad request)."""


class DataError(MuguiError):
    """A data file or folder is missing, damaged or of the wrong format."""


class ModelFileError(MuguiError):
    """A model file is not ours, is damaged, or holds another architecture."""


class ConfigError(MuguiError):
    """A configuration value is out of range; the message names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


class UnlearningError(MuguiError):
    """An unlearning request cannot be carried out (empty forget set, unknown method...)."""


class TrainingDiverged(MuguiError):
    """Weights or loss became non-finite during training."""


class StudyError(MuguiError):
    """A sweep's study description is unreadable or asks for something impossible."""
