"""Text of the results page."""

TEXT = {
    "ja": {},
    "en": {},
}
