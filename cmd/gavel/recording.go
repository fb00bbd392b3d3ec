package main

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ircconn"
	"github.com/gavel-irc/gavel/meeting/recorder"
)

// recordEvent hands one IRC event of a recorded channel to its recorder:
// the one path from IRC into a recorder, for the bot (botRun.event, one
// recorder per channel) and the chair (recording.event). A line is
// journaled and folded before anyone sees it; ups are the lines taken,
// nicks the roster, for the front end.
func recordEvent(rec *recorder.Recorder, ev ircconn.Event) (ups []recorder.Update, nicks []string, err error) {
	switch ev.Type {
	case ircconn.EventLine:
		ups, err = recordLine(rec, ev)
	case ircconn.EventRoster:
		nicks = rosterToRecorder(rec, ev)
		ups, err = rosterAccounts(rec, ev)
	case ircconn.EventState:
		recordState(rec, ev)
	}
	return ups, nicks, err
}

// frontEnd is what `gavel chair` (the live view) does with what its
// recording reports.
type frontEnd interface {
	// recorded gets lines the recorder has journaled and folded, in order
	// (from each event, and late after a journal outage).
	recorded(ups []recorder.Update)
	// failed is a line the recorder could not take.
	failed(err error)
	roster(nicks []string)
	// conn gets connection state and own-nick events.
	conn(ev ircconn.Event)
	// speaker is who speaks for the meeting now, when it changes.
	speaker(s string)
	journal(st recorder.JournalState)
}

// recording is one channel recorded by this gavel: the IRC client, the
// recorder, and the front end told about both.
type recording struct {
	channel string
	client  *ircconn.Client
	rec     *recorder.Recorder
	front   frontEnd
	spoken  string // the speaker last told to the front end (event goroutine only)
}

// openRecording makes the client and opens the recorder (its journal
// resumes an unfinished meeting). Nothing connects until client.Run.
// rc.Channel is the channel recorded; its Ident, OnJournal and OnLate are
// filled in here.
func openRecording(cfg ircconn.Config, rc recorder.Config, role recorder.Role, front frontEnd) (*recording, error) {
	r := &recording{channel: rc.Channel, front: front}
	cfg.OnEvent = r.event
	// history replayed after a rejoin starts where the recording stopped
	cfg.HistorySince = func(string) time.Time { return r.rec.HistorySince() }
	rc.Ident = showIdent(&cfg, role, rc.Quiet)
	client, err := ircconn.New(cfg)
	if err != nil {
		return nil, usageErr(err)
	}
	rc.OnJournal = front.journal
	rc.OnLate = front.recorded
	rec, err := recorder.Open(rc, client)
	if err != nil {
		return nil, err
	}
	r.client, r.rec = client, rec
	return r, nil
}

// event takes the chair's channel's events to the recorder, then the
// view.
func (r *recording) event(ev ircconn.Event) {
	ours := strings.EqualFold(ev.Channel, r.channel)
	switch ev.Type {
	case ircconn.EventLine, ircconn.EventRoster:
		if !ours {
			return
		}
		ups, nicks, err := recordEvent(r.rec, ev)
		switch {
		case err != nil:
			r.front.failed(err)
			return
		case ev.Type == ircconn.EventLine:
			r.front.recorded(ups)
		default:
			r.front.recorded(ups) // accounts the roster taught the meeting
			r.front.roster(nicks)
		}
		if s := r.rec.Speaker().String(); s != r.spoken {
			r.spoken = s
			r.front.speaker(s)
		}
	case ircconn.EventState:
		recordEvent(r.rec, ev)
		r.front.conn(ev)
	case ircconn.EventNick:
		r.front.conn(ev)
	}
}
