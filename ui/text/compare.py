"""Text of the compare page."""

TEXT = {
    "ja": {},
    "en": {},
}
