package ircconn

import (
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
)

// TestAccountsOfSenders: every way the server tells accounts reaches the
// events — WHOX for members already there when we join (NAMES has no
// accounts), extended-join for later joiners, account-tag on messages —
// and a sender logged in nowhere has none.
func TestAccountsOfSenders(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("acct")
	early, late := name("early"), name("late")
	n.MustRegister(t, early, "pw-early")
	n.MustRegister(t, late, "pw-late")
	e := n.DialWith(t, early, ircnet.DialOptions{Account: early, Password: "pw-early"})
	e.Join(t, ch)

	r := start(t, baseConfig(n, name("bot"), ch))
	ev := r.ev.wait(t, 15*time.Second, "complete roster", func(ev Event) bool { return ev.Type == EventRoster && ev.Complete })
	accounts := map[string]string{}
	for _, m := range ev.Members {
		accounts[m.Nick] = m.Account
	}
	if accounts[early] != early {
		t.Fatalf("roster accounts %q: WHOX did not give %s's", accounts, early)
	}

	l := n.DialWith(t, late, ircnet.DialOptions{Account: late, Password: "pw-late"})
	l.Join(t, ch)
	join := r.ev.waitLine(t, 10*time.Second, "late join", func(ev Event) bool { return ev.Line.Nick == late })
	if join.Line.Kind != meeting.Join || join.Line.Account != late {
		t.Fatalf("join %+v", join.Line)
	}
	anon := n.Dial(t, name("anon"))
	anon.Join(t, ch)
	for _, c := range []*ircnet.Client{e, l, anon} {
		c.Privmsg(ch, "hello from "+c.Nick)
	}
	want := map[string]string{early: early, late: late, anon.Nick: ""}
	for range want {
		msg := r.ev.waitLine(t, 10*time.Second, "a hello", func(ev Event) bool { return ev.Line.Kind == meeting.Message })
		if a, ok := want[msg.Line.Nick]; !ok || msg.Line.Account != a {
			t.Fatalf("line %+v, want account %q", msg.Line, a)
		}
	}
}
