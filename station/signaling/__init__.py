"""Signaling: WebSocket rooms, join tokens, ICE servers, and the doctor page over one origin."""
