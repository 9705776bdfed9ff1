"""The built-in rule pack: one YAML file per rule. This file only makes it ship with the package."""
