package ircconn

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

func TestCTCPLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type ask struct {
		who  string
		at   time.Duration
		want bool
	}
	tests := []struct {
		name string
		asks []ask
	}{
		{"two per asker per window", []ask{{"a", 0, true}, {"a", 0, true}, {"a", time.Second, false}, {"a", 4 * time.Second, false},
			{"a", 5 * time.Second, true}, {"a", 5 * time.Second, false}, {"a", 30 * time.Second, true}}},
		{"five overall", []ask{{"a", 0, true}, {"b", 0, true}, {"c", 0, true}, {"d", 0, true}, {"e", 0, true},
			{"f", 0, false}, {"g", time.Second, false}, {"g", 2 * time.Second, true}}},
		{"a refused asker spends nothing overall", []ask{{"a", 0, true}, {"a", 0, true},
			{"a", 0, false}, {"a", 0, false}, {"a", 0, false}, {"a", 0, false},
			{"b", 0, true}, {"c", 0, true}, {"d", 0, true}, {"e", 0, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var l ctcpLimiter
			for i, a := range tc.asks {
				if got := l.allow(a.who, t0.Add(a.at)); got != a.want {
					t.Fatalf("ask %d (%s at %v) = %v, want %v", i, a.who, a.at, got, a.want)
				}
			}
		})
	}
}

// TestCTCPReplies asks the client over the real server: VERSION, PING and
// TIME get one paced, clean reply each within the limit; a flood of them
// gets two; FINGER, SOURCE and unknown requests get nothing (girc would
// answer them, or send an error).
func TestCTCPReplies(t *testing.T) {
	t.Parallel()
	n := testNet(t)
	ch := "#" + name("ctcp")
	cfg := baseConfig(n, name("bot"), ch)
	r := start(t, cfg)
	r.joined(t, ch)
	ctcpReplies := func(c *ircnet.Client, d time.Duration) []string {
		var out []string
		for _, m := range c.Collect(d) {
			if m.Command == "NOTICE" && m.Nick == cfg.Nick {
				out = append(out, m.Last())
			}
		}
		return out
	}

	asker := n.Dial(t, name("asker"))
	asker.Privmsg(cfg.Nick, "\x01PING 123\x1b[31m\x07x\x01")
	asker.Privmsg(cfg.Nick, "\x01VERSION\x01")
	got := ctcpReplies(asker, 2*time.Second)
	if len(got) != 2 || got[0] != "\x01PING 123[31mx\x01" || !strings.HasPrefix(got[1], "\x01VERSION gavel") {
		t.Fatalf("replies %q", got)
	}

	other := n.Dial(t, name("other"))
	for range 5 {
		other.Privmsg(cfg.Nick, "\x01FINGER\x01")
		other.Privmsg(cfg.Nick, "\x01SOURCE\x01")
		other.Privmsg(cfg.Nick, "\x01NOSUCHTHING\x01")
	}
	if got := ctcpReplies(other, 2*time.Second); len(got) != 0 {
		t.Fatalf("replies to FINGER/SOURCE/unknown: %q", got)
	}

	flood := n.Dial(t, name("flood"))
	for range 20 {
		flood.Privmsg(cfg.Nick, "\x01TIME\x01")
	}
	if got := ctcpReplies(flood, 3*time.Second); len(got) != ctcpPerTarget {
		t.Fatalf("%d replies to 20 TIME requests, want %d: %q", len(got), ctcpPerTarget, got)
	}
	if r.c.Pending() != 0 {
		t.Fatalf("%d lines still queued", r.c.Pending())
	}
}
