package ircconn

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// TestOutgoingOnTheWire: participant text with ESC and BEL handed to every
// sending call reaches another client (and the channel TOPIC) without
// them, mIRC colour kept.
func TestOutgoingOnTheWire(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("out")
	cfg := baseConfig(n, name("bot"), ch)
	r := start(t, cfg)
	r.joined(t, ch)
	watcher := n.Dial(t, name("watch"))
	watcher.Join(t, ch)
	evil := "\x1b[31mev\x01il\x07 \x0304red\x03\u009b"
	r.c.Say(ch, "say "+evil)
	r.c.Action(ch, "act "+evil)
	r.c.Notice(ch, "notice "+evil)
	r.c.SetTopic(ch, "topic "+evil)
	want := map[string]string{"PRIVMSG": "say [31mevil \x0304red\x03", "NOTICE": "notice [31mevil \x0304red\x03",
		"TOPIC": "topic [31mevil \x0304red\x03", "ACTION": "\x01ACTION act [31mevil \x0304red\x03\x01"}
	got := map[string]string{}
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < len(want) && time.Now().Before(deadline) {
		m, err := watcher.Next(time.Second)
		if err != nil || m.Nick != cfg.Nick {
			continue
		}
		k := m.Command
		if strings.HasPrefix(m.Last(), "\x01ACTION") {
			k = "ACTION"
		}
		got[k] = m.Last()
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s reached the channel as %q, want %q", k, got[k], w)
		}
	}
	// and the channel's topic as the server keeps it
	watcher.Send("TOPIC " + ch)
	m := watcher.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "332" })
	if m.Last() != want["TOPIC"] {
		t.Fatalf("channel topic %q", m.Last())
	}
}
