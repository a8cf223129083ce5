"""Lark grammars of the template's table forms, shipped as package data."""
