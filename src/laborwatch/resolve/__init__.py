"""Resolution: places, currencies, duplicate documents, events and reliability grades."""
