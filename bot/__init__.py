"""factbot's Slack app: translates between Slack and the `facts` library, holding no fact logic."""
