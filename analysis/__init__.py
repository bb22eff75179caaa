"""Slant analysis: pure Python, never imports streamlit. Articles in, tidy DataFrames out."""

__version__ = "0.1.0"
