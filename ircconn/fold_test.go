package ircconn

import (
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// TestFoldNickAgreesWithRFC1459: ircconn folds nicks with girc (the
// server's rfc1459 casemapping) and everything else with meeting.FoldNick;
// on ASCII nicks, where IRC servers define the mapping, both must give the
// same key, or the chair and the connection would disagree on who is who.
func TestFoldNickAgreesWithRFC1459(t *testing.T) {
	for _, tc := range []struct{ nick, want string }{
		{"Alice", "alice"},
		{"x[m]", "x{m}"},
		{"X{M}", "x{m}"},
		{`Bob\Away`, "bob|away"},
		{"bob|away", "bob|away"},
		{"Caret^", "caret~"},
		{"tilde~", "tilde~"},
		{"[]\\^{}|~", "{}|~{}|~"},
		{"_-`0123", "_-`0123"},
		{"", ""},
	} {
		if got := fold(tc.nick); got != tc.want {
			t.Errorf("ircconn fold(%q) = %q, want %q", tc.nick, got, tc.want)
		}
		if got := meeting.FoldNick(tc.nick); got != tc.want {
			t.Errorf("meeting.FoldNick(%q) = %q, want %q", tc.nick, got, tc.want)
		}
	}
	// every printable ASCII character, alone and in a nick
	for c := byte(0x20); c < 0x7f; c++ {
		for _, s := range []string{string(c), "N" + string(c) + "k"} {
			if a, b := fold(s), meeting.FoldNick(s); a != b {
				t.Errorf("%q: ircconn fold %q, meeting.FoldNick %q", s, a, b)
			}
		}
	}
}
