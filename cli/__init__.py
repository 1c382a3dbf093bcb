"""The `storywall` command: the roof of the house.

It may import everything below it (kiosk, server, hardware, storywall); nothing
imports it. Each subcommand's module is loaded only when chosen, so `storywall
kiosk` runs on a Pi that has only the kiosk extra installed.
"""
