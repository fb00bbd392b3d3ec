package ircconn

import (
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// TestRealNames: members' realnames reach the roster — those already in
// the channel through the WHO after our join (the roster then says it is
// complete), a later joiner through extended-join at once.
func TestRealNames(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("who")
	early := n.DialWith(t, name("early"), ircnet.DialOptions{RealName: "gavel/chair since 2026-01-01T00:00:00Z"})
	early.Join(t, ch)
	cfg := baseConfig(n, name("bot"), ch)
	cfg.RealName = "gavel/bot since 2026-01-02T00:00:00Z"
	r := start(t, cfg)
	realnames := func(ev Event) map[string]string {
		out := map[string]string{}
		for _, m := range ev.Members {
			out[m.Nick] = m.RealName
		}
		return out
	}
	ev := r.ev.wait(t, 15*time.Second, "complete roster", func(ev Event) bool { return ev.Type == EventRoster && ev.Complete })
	got := realnames(ev)
	if got[early.Nick] != "gavel/chair since 2026-01-01T00:00:00Z" || got[cfg.Nick] != cfg.RealName || len(got) != 2 {
		t.Fatalf("complete roster realnames %q", got)
	}

	late := n.DialWith(t, name("late"), ircnet.DialOptions{RealName: "Late Person"})
	late.Join(t, ch)
	r.ev.waitLine(t, 10*time.Second, "late join", func(ev Event) bool { return ev.Line.Nick == late.Nick })
	// the very next event is the roster that knows who joined
	next := r.ev.wait(t, 10*time.Second, "any event", func(Event) bool { return true })
	if next.Type != EventRoster || !next.Complete || realnames(next)[late.Nick] != "Late Person" {
		t.Fatalf("event after the join: %+v", next)
	}
}
