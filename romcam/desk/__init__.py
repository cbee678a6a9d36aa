"""Desk mode: sitting time through the working day, and a nudge to stand.

posture: what one frame shows (sitting, standing, away, or not sure); minutes: frames into
one state per minute; day: the sitting run, the day's total against the risk bands, and when
to remind; alerts: the reminder itself; session: the loop that ties them to a camera or a video.
"""
