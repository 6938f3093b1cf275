"""Who is in a group: invitations and joining, a person's own settings, the roster."""
