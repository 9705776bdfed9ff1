"""replylint: lint customer-service replies to complaints before they are sent."""

__version__ = "0.2.0"
