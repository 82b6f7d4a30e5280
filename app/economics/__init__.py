"""Deal economics (ECONOMICS.md): pure formulas, summaries, dashboard, tax, exports."""
