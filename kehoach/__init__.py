"""kehoach: an assistant for Vietnamese child-protection plans."""

__version__ = "0.1.0"
