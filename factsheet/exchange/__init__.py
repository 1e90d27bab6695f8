"""Sharing sheets: the versioned JSON exchange format, import and merge, ClaimReview, Markdown."""
