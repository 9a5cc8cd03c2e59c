"""The WebSocket close codes of the signaling protocol, shared by the service and the station."""

CLOSE_TRY_AGAIN = 1013  # the standard "try again later": Redis or the database away a moment
CLOSE_INVALID = 4000  # too many invalid messages
CLOSE_UNAUTHENTICATED = 4001  # no join, or a bad token
CLOSE_EXPIRED = 4002
CLOSE_WRONG_ROOM = 4003
CLOSE_REPLAYED = 4004  # a one-time link used again
CLOSE_REPLACED = 4005  # a newer connection of the same role took over
CLOSE_REVOKED = 4006  # the room's station was revoked: the call is over for good
CLOSE_RATE = 4008  # too many messages
