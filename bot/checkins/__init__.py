"""Check-ins after each meeting, peers' one-tap feedback, and the "last time" recap."""
