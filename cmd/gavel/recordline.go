package main

import (
	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/recorder"
)

// recordLine is how the bot and the chair hand a channel line to the
// recorder: our own JOIN first records the gap since we last had the
// channel (the recorder then knows replayed history from live lines).
func recordLine(rec *recorder.Recorder, ev ircconn.Event) ([]recorder.Update, error) {
	var ups []recorder.Update
	if ev.Self && ev.Line.Kind == meeting.Join {
		gap, err := rec.Joined(ev.Line.Time)
		if err != nil {
			return nil, err
		}
		ups = gap
	}
	more, err := rec.Record(ev.Line)
	return append(ups, more...), err
}

// recordState tells the recorder when the connection dropped.
func recordState(rec *recorder.Recorder, ev ircconn.Event) {
	if ev.State == ircconn.StateDisconnected {
		rec.Lost(ev.At)
	}
}
