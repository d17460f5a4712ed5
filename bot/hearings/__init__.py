"""Public hearings as people see them: the card, the calendar file, the QR code of the
deep link, and what the broadcasts about a hearing say."""
