"""Where the call stands, judged from what flows: never "waiting for the doctor" while the
doctor's media or messages arrive, and a stalled event loop is not a lost doctor."""

from __future__ import annotations

from station.call.call_state import GONE_AFTER, LOST_AFTER, CallFacts, CallJudge, CallState

PERIOD = 1.0


def run(
    judge: CallJudge, facts: CallFacts, start: float, seconds: float, **flowing: bool
) -> list[CallState]:
    """Tick each second for ``seconds``; media and/or messages arrive meanwhile if asked."""
    states = []
    now = start
    while now < start + seconds:
        now += PERIOD
        if flowing.get("media"):
            facts.last_media = now
        if flowing.get("messages"):
            facts.last_heard = now
        judge.tick(now, PERIOD)
        states.append(judge.judge(facts, now))
    return states


def in_call() -> tuple[CallJudge, CallFacts]:
    judge, facts = CallJudge(), CallFacts(doctor_in_room=True)
    assert judge.judge(facts, 0.0) == CallState.CONNECTING
    facts.channel_open, facts.last_heard = True, 0.0
    assert judge.judge(facts, 0.0) == CallState.IN_CALL
    return judge, facts


def test_the_doctors_socket_cut_while_media_flows_is_still_a_call() -> None:
    judge, facts = in_call()
    facts.doctor_in_room, facts.doctor_left_at = False, 0.0  # the node cut their socket
    assert set(run(judge, facts, 0.0, 60, media=True, messages=True)) == {CallState.IN_CALL}


def test_a_channel_replaced_under_flowing_media_is_still_a_call() -> None:
    judge, facts = in_call()
    facts.channel_open = False  # the watchdog offered a new connection
    assert set(run(judge, facts, 0.0, 5, media=True)) == {CallState.IN_CALL}


def test_a_stalled_loop_is_not_silence() -> None:
    judge, facts = in_call()
    run(judge, facts, 0.0, 3, media=True, messages=True)
    # The loop stalls 30 s (a busy machine): the first tick after it comes 30 s late.
    judge.tick(33.0, PERIOD)
    assert judge.judge(facts, 33.0) == CallState.IN_CALL
    # ... and what waited in the socket arrives on the next turns.
    assert set(run(judge, facts, 33.0, 5, media=True, messages=True)) == {CallState.IN_CALL}


def test_silence_is_an_interruption_then_the_doctor_has_gone() -> None:
    judge, facts = in_call()
    states = run(judge, facts, 0.0, LOST_AFTER + 2)
    assert states[0] == CallState.IN_CALL and states[-1] == CallState.INTERRUPTED
    assert CallState.WAITING not in states
    facts.channel_open = False
    facts.doctor_in_room, facts.doctor_left_at = False, LOST_AFTER + 2
    states = run(judge, facts, LOST_AFTER + 2, GONE_AFTER + 2)
    assert states[0] == CallState.INTERRUPTED and states[-1] == CallState.WAITING
    # the doctor comes back: a call again once their channel is up
    facts.doctor_in_room, facts.doctor_left_at = True, None
    facts.channel_open, facts.last_heard = True, 100.0
    assert judge.judge(facts, 100.0) == CallState.IN_CALL


def test_the_end_is_the_end() -> None:
    judge, facts = in_call()
    facts.ended = "finished"
    assert judge.judge(facts, 1.0) == CallState.ENDED
