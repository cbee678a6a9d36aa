"""The six-week programme: today's routine, what was done, and how regularly."""
