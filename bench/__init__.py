"""Storywall's benchmarks: one module per figure (`bench/fig_*.py`), run by `make bench`.

`python -m bench` runs every figure, prints a table and writes
`bench/results/latest.json`. Tests never assert on time; these figures are for people.
"""
