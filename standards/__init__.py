"""What the rules demand: rule packs, the rule registry, findings and the engine.  Imports geometry only."""
