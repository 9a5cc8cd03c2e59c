"""The call: aiortc peer of the station, its signaling client, media tracks and data channel.

aiortc keeps the W3C camelCase names (``createOffer``, ``setLocalDescription``); they stay
inside this package.
"""
