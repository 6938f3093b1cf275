"""The research export: pseudonymous tables of what the study asked PSFs to report."""
