package ircconn

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
)

func TestSASLPlain(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	acct := name("sasl")
	n.MustRegister(t, acct, "correct-horse")
	ch := "#" + name("sasl")
	cfg := baseConfig(n, name("bot"), ch)
	cfg.SASL, cfg.Account, cfg.Password = "plain", acct, SecretValue("correct-horse")
	r := start(t, cfg)
	r.joined(t, ch)
	if got := r.c.Account(); got != acct {
		t.Fatalf("Account() = %q, want %q", got, acct)
	}
	// Our join carries our account (extended-join).
	r.ev.snapshot()
	var join *Event
	for _, ev := range r.ev.snapshot() {
		if ev.Type == EventLine && ev.Line.Kind == meeting.Join && ev.Self {
			join = &ev
		}
	}
	if join == nil || join.Line.Account != acct {
		t.Fatalf("self join %+v, want account %q", join, acct)
	}
}

// TestSASLExternal logs in with a client certificate (CertFP) over TLS.
func TestSASLExternal(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	acct := name("ext")
	certFile, keyFile, err := n.ClientCert(acct)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	if err := n.RegisterAccountWith(ctx, acct, "ext-password",
		ircnet.DialOptions{TLS: true, CertFile: certFile, KeyFile: keyFile}); err != nil {
		t.Fatal(err)
	}
	cfg := baseConfig(n, name("bot"))
	cfg.TLS, cfg.Port, cfg.TLSCAFile, cfg.TLSServerName = true, n.TLSPort, n.CAFile, ircnet.ServerName
	cfg.TLSCertFile, cfg.TLSKeyFile, cfg.SASL = certFile, keyFile, "external"
	r := start(t, cfg)
	r.ev.waitState(t, 15*time.Second, StateConnected)
	if got := r.c.Account(); got != acct {
		t.Fatalf("Account() = %q, want %q", got, acct)
	}
}

func TestSASLFailureIsFinal(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	acct := name("saslbad")
	n.MustRegister(t, acct, "right-password")
	cfg := baseConfig(n, name("bot"))
	cfg.SASL, cfg.Account, cfg.Password = "plain", acct, SecretValue("wrong-password")
	r := start(t, cfg)
	var err error
	select {
	case <-r.done:
		err = r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after SASL failure")
	}
	if !errors.Is(err, ErrSASL) || !strings.Contains(err.Error(), acct) {
		t.Fatalf("Run error = %v, want ErrSASL naming the account", err)
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Fatal("error reveals the password")
	}
	connecting, failed := 0, 0
	for _, ev := range r.ev.snapshot() {
		if ev.Type == EventState && ev.State == StateConnecting {
			connecting++
		}
		if ev.Type == EventState && ev.State == StateFailed {
			failed++
		}
		if ev.Type == EventState && ev.State == StateDisconnected {
			t.Errorf("reconnect scheduled after SASL failure: %+v", ev)
		}
	}
	if connecting != 1 || failed != 1 {
		t.Fatalf("%d connecting, %d failed events; want 1 and 1", connecting, failed)
	}
}

func TestNickServIdentify(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	acct := name("ns")
	n.MustRegister(t, acct, "ns-password")
	cfg := baseConfig(n, name("bot"))
	cfg.NickServ, cfg.Account, cfg.Password = true, acct, SecretValue("ns-password")
	r := start(t, cfg)
	r.ev.waitState(t, 15*time.Second, StateConnected)
	r.ev.wait(t, 10*time.Second, "NickServ confirmation", func(ev Event) bool {
		return ev.Type == EventPrivate && strings.EqualFold(ev.Line.Nick, "NickServ") && strings.Contains(ev.Line.Text, "identified")
	})
	deadline := time.Now().Add(5 * time.Second)
	for r.c.Account() != acct {
		if time.Now().After(deadline) {
			t.Fatalf("Account() = %q after IDENTIFY", r.c.Account())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, ev := range r.ev.snapshot() {
		if strings.Contains(ev.Line.Text, "ns-password") {
			t.Fatalf("password in event %+v", ev)
		}
	}
}

func TestTLSVerified(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("tls")
	cfg := baseConfig(n, name("bot"), ch)
	cfg.TLS, cfg.Port, cfg.TLSCAFile, cfg.TLSServerName = true, n.TLSPort, n.CAFile, ircnet.ServerName
	r := start(t, cfg)
	r.joined(t, ch)
}

func TestTLSUntrustedIsFinal(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	cfg := baseConfig(n, name("bot"))
	cfg.TLS, cfg.Port, cfg.TLSServerName = true, n.TLSPort, ircnet.ServerName // no CA: system roots
	r := start(t, cfg)
	select {
	case <-r.done:
		if err := r.err; err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("Run error = %v, want a certificate error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return for an untrusted certificate")
	}
}

// TestEchoExactlyOnce: with echo-message our lines come back once each,
// interleaved with others' lines exactly as an observer sees them.
func TestEchoExactlyOnce(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("echo")
	peer := n.Dial(t, name("peer"))
	obs := n.Dial(t, name("obs"))
	peer.Join(t, ch)
	obs.Join(t, ch)
	r := start(t, baseConfig(n, name("bot"), ch))
	r.joined(t, ch)
	if !r.c.EchoActive() {
		t.Fatal("echo-message not active")
	}
	var want []string
	for i := range 5 {
		r.c.Say(ch, "bot "+string(rune('a'+i)))
		peer.Privmsg(ch, "peer "+string(rune('a'+i)))
	}
	for range 10 {
		m := obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PRIVMSG" })
		want = append(want, m.Nick+": "+m.Last())
	}
	var got []string
	for len(got) < 10 {
		ev := r.ev.waitLine(t, 5*time.Second, "channel message", func(ev Event) bool { return ev.Line.Kind == meeting.Message })
		got = append(got, ev.Line.Nick+": "+ev.Line.Text)
		if ev.Self != (ev.Line.Nick == r.c.CurrentNick()) {
			t.Errorf("Self=%v for %+v", ev.Self, ev.Line)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("order differs\n got: %q\nwant: %q", got, want)
	}
	// No duplicates trail behind.
	time.Sleep(300 * time.Millisecond)
	count := 0
	for _, ev := range r.ev.snapshot() {
		if ev.Type == EventLine && ev.Line.Kind == meeting.Message {
			count++
		}
	}
	if count != 10 {
		t.Fatalf("%d message events, want 10", count)
	}
}

// TestNoEchoReportsAtSend: without echo-message our lines are reported
// once, when sent.
func TestNoEchoReportsAtSend(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("noecho")
	obs := n.Dial(t, name("obs"))
	obs.Join(t, ch)
	cfg := baseConfig(n, name("bot"), ch)
	cfg.DisableEcho = true
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))
	cfg.Now = func() time.Time { return fixed }
	r := start(t, cfg)
	r.joined(t, ch)
	if r.c.EchoActive() {
		t.Fatal("echo active although disabled")
	}
	r.c.Say(ch, "minutes are ready")
	r.c.Action(ch, "bangs the gavel")
	obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PRIVMSG" && m.Last() == "minutes are ready" })
	ev := r.ev.waitLine(t, 5*time.Second, "own line", func(ev Event) bool { return ev.Self && ev.Line.Kind == meeting.Message })
	if ev.Line.Text != "minutes are ready" || ev.Channel != ch || !ev.Line.Time.Equal(fixed) || ev.Line.Time.Location() != time.UTC {
		t.Fatalf("own line %+v", ev)
	}
	ev = r.ev.waitLine(t, 5*time.Second, "own action", func(ev Event) bool { return ev.Self && ev.Line.Kind == meeting.Action })
	if ev.Line.Text != "bangs the gavel" {
		t.Fatalf("own action %+v", ev)
	}
}

// TestChannelEvents: every kind of channel line from other clients, with
// accounts and server-time.
func TestChannelEvents(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("events")
	acct := name("alice")
	n.MustRegister(t, acct, "alice-pass")
	chair := n.Dial(t, name("chair")) // first in: channel operator
	chair.Join(t, ch)
	fixed := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	cfg := baseConfig(n, name("bot"), ch)
	cfg.Now = func() time.Time { return fixed }
	r := start(t, cfg)
	roster := r.joined(t, ch)
	var opSeen bool
	for _, m := range roster.Members {
		if m.Nick == chair.Nick && m.Op() {
			opSeen = true
		}
	}
	if !opSeen || len(roster.Members) != 2 {
		t.Fatalf("roster %+v: want the chair as op and us", roster.Members)
	}

	alice := n.DialWith(t, acct, ircnet.DialOptions{Account: acct, Password: "alice-pass"})
	bob := n.Dial(t, name("bob"))
	alice.Join(t, ch)
	bob.Join(t, ch)
	// Lines from different connections are ordered by the server as they
	// arrive: each actor first waits to see the previous one's line.
	seenBy := func(c *ircnet.Client, cmd, nick string) {
		t.Helper()
		c.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == cmd && (nick == "" || m.Nick == nick) })
	}
	seen := func(c *ircnet.Client, cmd string) { t.Helper(); seenBy(c, cmd, "") }
	seenBy(chair, "JOIN", acct)
	seenBy(chair, "JOIN", bob.Nick)
	alice.Privmsg(ch, "hello")
	alice.Action(ch, "waves")
	alice.Notice(ch, "a notice")
	seen(chair, "NOTICE")
	chair.Sendf("TOPIC %s :Agenda: budget", ch)
	seen(bob, "TOPIC")
	bob.Sendf("NICK %s", bob.Nick+"x")
	bob.Sendf("PART %s :later", ch)
	bob2 := bob.Nick + "x"
	bob.Sendf("JOIN %s", ch)
	seenBy(chair, "JOIN", bob.Nick+"x")
	chair.Sendf("KICK %s %s :off topic", ch, bob2)
	chair.Sendf("MODE %s +o %s", ch, acct)
	seen(alice, "MODE")
	alice.Send("QUIT :a.b c.d")

	type want struct {
		kind       meeting.Kind
		nick, text string
		account    string
	}
	wants := []want{
		{meeting.Join, acct, "", acct},
		{meeting.Join, bob.Nick, "", ""},
		{meeting.Message, acct, "hello", acct},
		{meeting.Action, acct, "waves", acct},
		{meeting.Notice, acct, "a notice", acct},
		{meeting.TopicChange, chair.Nick, "Agenda: budget", ""},
		{meeting.NickChange, bob.Nick, bob2, ""},
		{meeting.Part, bob2, "later", ""},
		{meeting.Join, bob2, "", ""},
		{meeting.Kick, chair.Nick, bob2, ""},
		{meeting.Quit, acct, "Quit: a.b c.d", acct},
	}
	var rosterAfterMode *Event
	for i, w := range wants {
		ev := r.ev.wait(t, 5*time.Second, "line "+w.kind.String(), func(ev Event) bool {
			if ev.Type == EventRoster && ev.Channel == ch {
				e := ev
				rosterAfterMode = &e
			}
			return ev.Type == EventLine
		})
		l := ev.Line
		if l.Kind != w.kind || l.Nick != w.nick || l.Text != w.text || l.Account != w.account || ev.Channel != ch || ev.Self {
			t.Errorf("line %d = %+v (channel %s, self %v), want %+v", i, l, ev.Channel, ev.Self, w)
		}
		if l.Time.Location() != time.UTC || l.Time.Equal(fixed) || time.Since(l.Time) > time.Minute {
			t.Errorf("line %d time %v: want recent server-time in UTC", i, l.Time)
		}
	}
	if rosterAfterMode == nil {
		t.Error("no roster event after MODE +o")
	}
	members, topic, ok := r.c.Roster(ch)
	if !ok || topic != "Agenda: budget" || len(members) != 2 {
		t.Fatalf("Roster = %+v %q %v", members, topic, ok)
	}
}

// TestReconnect: the server goes away mid-session and comes back; the
// client reconnects, rejoins and hears new lines.
func TestReconnect(t *testing.T) {
	t.Parallel()
	if err := ircnet.Installed(); err != nil {
		t.Fatalf("inspircd not installed: run the README test command: %v", err)
	}
	n := ircnet.Start(t)
	ch := "#" + name("rc")
	r := start(t, baseConfig(n, name("bot"), ch))
	r.joined(t, ch)
	n.Stop()
	ev := r.ev.waitState(t, 10*time.Second, StateDisconnected)
	if ev.RetryIn <= 0 || ev.RetryIn > 2*time.Second || ev.Err == nil {
		t.Fatalf("disconnected event %+v", ev)
	}
	ctx := t.Context()
	if err := n.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	r.joined(t, ch)
	peer := n.Dial(t, name("peer"))
	peer.Join(t, ch)
	peer.Privmsg(ch, "are you back?")
	got := r.ev.waitLine(t, 10*time.Second, "message after reconnect", func(ev Event) bool { return ev.Line.Kind == meeting.Message })
	if got.Line.Text != "are you back?" || got.Channel != ch {
		t.Fatalf("got %+v", got)
	}
	// Lines queued while away are sent after the reconnect.
	r.c.Say(ch, "yes")
	peer.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PRIVMSG" && m.Last() == "yes" })
}

// TestHostileInput: CR/LF/NUL in Say never inject a command; an 8 KB line
// arrives whole, in pieces within the protocol limit.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("hostile")
	obs := n.Dial(t, name("obs"))
	obs.Join(t, ch)
	r := start(t, baseConfig(n, name("bot"), ch))
	r.joined(t, ch)
	obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "JOIN" })

	r.c.Say(ch, "hi\r\nPRIVMSG "+ch+" :injected\r\nQUIT :bye\x00\nMODE "+ch+" +o x")
	r.c.Say(ch+"\r\nQUIT", "target injection")
	r.c.Say(ch, "end")
	var msgs []ircnet.Msg
	for _, m := range obs.Collect(1500 * time.Millisecond) {
		if m.Command != "PING" {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != 2 || msgs[0].Command != "PRIVMSG" || msgs[1].Last() != "end" ||
		msgs[0].Last() != "hi PRIVMSG "+ch+" :injected QUIT :bye MODE "+ch+" +o x" {
		t.Fatalf("observer saw %d lines: %+v", len(msgs), msgs)
	}
	if !r.c.Connected() {
		t.Fatal("client disconnected")
	}

	big := strings.Repeat("0123456789 abcdéf€😀 ", 8192/27+1)
	r.c.Say(ch, big)
	var got strings.Builder
	pieces := 0
	for got.Len() < len(big) {
		m := obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PRIVMSG" })
		raw := m.Raw
		if strings.HasPrefix(raw, "@") {
			raw = raw[strings.IndexByte(raw, ' ')+1:]
		}
		if len(raw) > MaxLine {
			t.Errorf("piece %d is %d bytes on the wire", pieces, len(raw))
		}
		got.WriteString(m.Last())
		pieces++
	}
	if got.String() != big {
		t.Fatalf("8 KB message not reassembled (%d pieces)", pieces)
	}
}

// TestNickRegain: our nick is taken; we use nick_ and take the nick back
// when its holder quits.
func TestNickRegain(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	want := name("gavel")
	holder := n.Dial(t, want)
	cfg := baseConfig(n, want)
	cfg.NickRegainInterval = time.Hour // only the holder's QUIT should trigger it
	r := start(t, cfg)
	ev := r.ev.waitState(t, 15*time.Second, StateConnected)
	if ev.Nick != want+"_" {
		t.Fatalf("connected as %q, want %q", ev.Nick, want+"_")
	}
	holder.Quit("bye")
	nev := r.ev.wait(t, 10*time.Second, "nick regained", func(ev Event) bool { return ev.Type == EventNick })
	if nev.Nick != want || r.c.CurrentNick() != want {
		t.Fatalf("nick %q, want %q", nev.Nick, want)
	}
}

// TestQuit: Quit sends what is queued, then QUIT, and Run returns nil.
func TestQuit(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("quit")
	obs := n.Dial(t, name("obs"))
	obs.Join(t, ch)
	r := start(t, baseConfig(n, name("bot"), ch))
	r.joined(t, ch)
	r.c.Say(ch, "last words")
	r.c.Quit("meeting over")
	select {
	case <-r.done:
		if err := r.err; err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after Quit")
	}
	obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PRIVMSG" && m.Last() == "last words" })
	q := obs.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "QUIT" })
	if !strings.Contains(q.Last(), "meeting over") {
		t.Fatalf("quit reason %q", q.Last())
	}
	evs := r.ev.snapshot()
	if last := evs[len(evs)-1]; last.Type != EventState || last.State != StateStopped {
		t.Fatalf("last event %+v, want stopped", last)
	}
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) {
			t.Fatalf("event %d has Seq %d", i, ev.Seq)
		}
	}
}

// TestQuitPerChannel: a QUIT (netsplits included) gives one Quit line in
// each channel the nick shared with us, and none elsewhere.
func TestQuitPerChannel(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	a, b, c := "#"+name("qa"), "#"+name("qb"), "#"+name("qc")
	r := start(t, baseConfig(n, name("bot"), a, b, c))
	r.joined(t, a)
	for _, ch := range []string{b, c} {
		r.ev.wait(t, 10*time.Second, "roster "+ch, func(ev Event) bool { return ev.Type == EventRoster && ev.Channel == ch })
	}
	peer := n.Dial(t, name("peer"))
	peer.Join(t, a)
	peer.Join(t, b)
	for range 2 {
		r.ev.waitLine(t, 5*time.Second, "peer join", func(ev Event) bool { return ev.Line.Kind == meeting.Join })
	}
	peer.Send("QUIT :irc.a.net irc.b.net")
	var chans []string
	for range 2 {
		ev := r.ev.waitLine(t, 5*time.Second, "quit", func(ev Event) bool { return ev.Line.Kind == meeting.Quit })
		if ev.Line.Nick != peer.Nick || !strings.Contains(ev.Line.Text, "irc.a.net irc.b.net") {
			t.Errorf("quit line %+v", ev.Line)
		}
		chans = append(chans, ev.Channel)
	}
	if strings.Join(chans, " ") != a+" "+b {
		t.Fatalf("quit lines in %v, want %s and %s", chans, a, b)
	}
	time.Sleep(200 * time.Millisecond)
	for _, ev := range r.ev.snapshot() {
		if ev.Type == EventLine && ev.Line.Kind == meeting.Quit && ev.Channel == c {
			t.Fatalf("quit line in %s where the peer never was", c)
		}
	}
	if members, _, _ := r.c.Roster(a); len(members) != 1 {
		t.Fatalf("roster of %s after quit: %+v", a, members)
	}
}

// TestInvite: an INVITE to us is reported (and not joined by itself).
func TestInvite(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("invite")
	op := n.Dial(t, name("op"))
	op.Join(t, ch)
	r := start(t, baseConfig(n, name("bot")))
	r.ev.waitState(t, 15*time.Second, StateConnected)
	op.Sendf("INVITE %s %s", r.c.CurrentNick(), ch)
	ev := r.ev.wait(t, 10*time.Second, "invite", func(ev Event) bool { return ev.Type == EventInvite })
	if ev.Channel != ch || ev.Line.Nick != op.Nick {
		t.Fatalf("invite to %q by %q, want %q by %q", ev.Channel, ev.Line.Nick, ch, op.Nick)
	}
	if _, _, joined := r.c.Roster(ch); joined {
		t.Fatal("joined on an invite by itself")
	}
}
