"""What a hall plan is and what can be measured on it.  No Qt, matplotlib or reportlab here."""
