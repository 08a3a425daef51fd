"""Text of the parameters page."""

TEXT = {
    "ja": {},
    "en": {},
}
