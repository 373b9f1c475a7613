"""The comment moderation queue: triage from the keyboard, rules, and the log."""
