package meeting

import (
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)

// script turns compact lines into Lines:
//
//	"10:00:01 <alice> text"        message
//	"10:00:01 * alice text"        action
//	"10:00:01 <alice!acct> text"   message with account
//	"10:00:01 -nick alice bob"     nick change
//	"10:00:01 -topic alice text"   channel topic change
//	"10:00:01 -join alice"         join
//	"10:00:01 -quit alice!acct"    quit (any -kind) with account
func script(t testing.TB, lines ...string) []Line {
	t.Helper()
	out := make([]Line, 0, len(lines))
	for _, s := range lines {
		tm, err := time.Parse("15:04:05", s[:8])
		if err != nil {
			t.Fatalf("bad time in %q", s)
		}
		at := day.Add(tm.Sub(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)))
		rest := s[9:]
		var l Line
		switch {
		case strings.HasPrefix(rest, "<"):
			end := strings.IndexByte(rest, '>')
			who := rest[1:end]
			nick, acct, _ := strings.Cut(who, "!")
			l = Line{Time: at, Nick: nick, Account: acct, Text: strings.TrimPrefix(rest[end+1:], " ")}
		case strings.HasPrefix(rest, "* "):
			nick, text, _ := strings.Cut(rest[2:], " ")
			l = Line{Time: at, Nick: nick, Kind: Action, Text: text}
		case strings.HasPrefix(rest, "-"):
			f := strings.SplitN(rest[1:], " ", 3)
			k, ok := ParseKind(f[0])
			if !ok {
				t.Fatalf("bad kind in %q", s)
			}
			nick, acct, _ := strings.Cut(f[1], "!")
			l = Line{Time: at, Nick: nick, Account: acct, Kind: k}
			if len(f) > 2 {
				l.Text = f[2]
			}
		default:
			t.Fatalf("bad script line %q", s)
		}
		out = append(out, l)
	}
	return out
}

// fold runs a script and returns the meeting and everything it said.
func fold(t testing.TB, lines ...string) (*Meeting, []string, []Effect) {
	t.Helper()
	m := New(Config{Channel: "#test", BotNick: "gavel"})
	var said []string
	var all []Effect
	for _, l := range script(t, lines...) {
		for _, e := range m.Apply(l) {
			all = append(all, e)
			if s, ok := e.(Say); ok {
				said = append(said, s.Text)
			}
		}
	}
	return m, said, all
}

func types(items []Item) string {
	var b []string
	for _, it := range items {
		b = append(b, string(it.Type)+":"+it.Text)
	}
	return strings.Join(b, " | ")
}
