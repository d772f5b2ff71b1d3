"""Orchestrates extract, normalize and scoring; owns storage and reports."""
