"""The Textual worksheet: a thin layer over the core (`factsheet.sheet`)."""

import os

# Textual draws a screen's changes on a fixed grid of frames (60 a second by default):
# a key handled just after one frame waits up to a frame period (17 ms) for its own.
# At 240 that wait is at most 4 ms; frames still come only when something changed.
# Set before Textual is imported (it reads this once); a user's own setting wins.
os.environ.setdefault("TEXTUAL_FPS", "240")
