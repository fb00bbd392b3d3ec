package ircnet

import (
	"strings"
	"testing"
	"time"
)

// TestChanHistory: with Options.ChanHistory a client that joins gets the
// channel's earlier lines in a chathistory batch, with msgid and time;
// without it, nothing is replayed.
func TestChanHistory(t *testing.T) {
	for _, on := range []bool{true, false} {
		n := StartWith(t, Options{ChanHistory: on})
		a := n.Dial(t, "alice")
		a.Join(t, "#h")
		for _, s := range []string{"line 0", "line 1"} {
			a.Privmsg("#h", s)
		}
		a.Send("PING :sync") // the server has handled both lines once it answers
		a.Expect(t, 5*time.Second, func(m Msg) bool { return m.Command == "PONG" })
		b := n.DialWith(t, "bob", DialOptions{Caps: []string{"server-time", "message-tags", "batch"}})
		b.Send("JOIN #h")
		var replayed []string
		var batch string
		for {
			m, err := b.WaitFor(3*time.Second, func(m Msg) bool {
				return m.Command == "BATCH" || m.Command == "PRIVMSG" || m.Command == "366"
			})
			if err != nil {
				break
			}
			switch {
			case m.Command == "BATCH" && strings.HasPrefix(m.Param(0), "+"):
				batch = m.Param(0)[1:] + " " + m.Param(1)
			case m.Command == "PRIVMSG":
				if m.Tags["msgid"] == "" || m.Tags["time"] == "" || !strings.HasPrefix(batch, m.Tags["batch"]+" ") {
					t.Fatalf("replayed line without msgid/time/batch: %q", m.Raw)
				}
				replayed = append(replayed, m.Last())
			}
			if m.Command == "BATCH" && strings.HasPrefix(m.Param(0), "-") {
				break
			}
		}
		got := strings.Join(replayed, "|")
		if on && (got != "line 0|line 1" || !strings.HasSuffix(batch, " chathistory")) {
			t.Fatalf("history on: replayed %q in batch %q", got, batch)
		}
		if !on && got != "" {
			t.Fatalf("history off: replayed %q", got)
		}
		n.Close()
	}
}
