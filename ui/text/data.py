"""Text of the data page."""

TEXT = {
    "ja": {},
    "en": {},
}
