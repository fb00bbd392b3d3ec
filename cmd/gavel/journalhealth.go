package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/meeting/recorder"
)

// How `gavel bot` and `gavel chair` tell people about the journal's health:
// damaged records set aside at start, a journal that cannot be written
// (lines held in memory), and lines still unwritten at exit.

// cause is an error without the journal's path (for the channel: local
// paths stay local), e.g. "no space left on device".
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// troubleText is the outage message for the operator (the cause first:
// the chair's banner is one line; the log has the path).
func troubleText(st recorder.JournalState) string {
	s := fmt.Sprintf("journal NOT writable (%s): %s held in memory and retried every second; nothing is lost while it lasts", cause(st.Err), count(st.Held, "line"))
	if st.Dropped > 0 {
		s += fmt.Sprintf("; %s past the memory bound LOST (the journal will mark the gap)", count(st.Dropped, "line"))
	}
	return s
}

// recoveredText is the end-of-outage message.
func recoveredText(st recorder.JournalState) string {
	return fmt.Sprintf("journal writable again: %s held in memory recorded, in order (it failed for %s)",
		count(st.Written, "line"), time.Since(st.Since).Round(time.Second))
}

// channelNotice is what the bot says in the channel, once per outage.
func channelNotice(st recorder.JournalState) string {
	return "gavel: I cannot write my journal right now (" + cause(st.Err) +
		"). I am keeping every line in memory and will record them when I can; the meeting goes on."
}

// noticeGate lets the bot speak about its journal once per outage and at
// most every ten minutes, however often the disk flaps.
type noticeGate struct {
	mu   sync.Mutex
	last time.Time
}

func (g *noticeGate) ok(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.last.IsZero() && now.Sub(g.last) < 10*time.Minute {
		return false
	}
	g.last = now
	return true
}

// damageText says what Open set aside; "" when the journal was whole.
func damageText(rec *recorder.Recorder) string {
	d := rec.Damage()
	if d.Records == 0 {
		return ""
	}
	return d.String()
}

// closeRecorder closes rec; lines the journal never took are written to w
// (stderr) as a last resort, rather than lost without a word.
func closeRecorder(rec *recorder.Recorder, w io.Writer, who string) {
	err := rec.Close()
	var uw *recorder.UnwrittenError
	switch {
	case errors.As(err, &uw):
		fmt.Fprintf(w, "%s: %v; they follow, so they are not lost:\n", who, err)
		for _, l := range uw.Lines {
			fmt.Fprintf(w, "%s\t%s\t%s\t%q\n", l.Time.UTC().Format(time.RFC3339), l.Kind, l.Nick, l.Text)
		}
	case err != nil:
		fmt.Fprintf(w, "%s: closing the journal: %v\n", who, err)
	}
}
