package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// TestBotFlavourLayoutURLs runs `gavel bot` on the real server as each
// flavour, with and without a URL base: the meeting gets the flavour's
// name, the files land where --layout says, and the channel is told URLs
// under the base, or file names alone — never a local path.
func TestBotFlavourLayoutURLs(t *testing.T) {
	n := ircnet.Start(t)
	tests := []struct {
		name    string
		flags   []string
		reply   string // a reply the flavour gives to #startmeeting
		wantRel string // the .html under the archive ("DATE" is today, UTC)
		wantURL string // announced; "" for file names only
	}{
		{"zodbot with url base", []string{"--url-base", "https://meetbot.example.org/"},
			"The meeting name has been set to 'release_planning'",
			"meeting/DATE/release_planning.DATE-HH.MM.html", "https://meetbot.example.org/meeting/DATE/release_planning.DATE-HH.MM.html"},
		{"darst layout, no url base", []string{"--flavour", "darst", "--layout", "%(channel)s/%%Y/%(channel)s.%%F-%%H.%%M"},
			"Useful Commands: #action #agreed #help #info #idea #link #topic.",
			"meeting/YEAR/meeting.DATE-HH.MM.html", ""},
		{"openstack", []string{"--flavour", "openstack", "--layout", "%(meetingname)s/%%Y/%(meetingname)s.%%F-%%H.%%M", "--url-base", "https://eavesdrop.example.org/meetings"},
			"is due to finish in 60 minutes",
			"release_planning/YEAR/release_planning.DATE-HH.MM.html", "https://eavesdrop.example.org/meetings/release_planning/YEAR/release_planning.DATE-HH.MM.html"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBotEnv(t, n)
			b.nick = "fbot" + string(rune('a'+i))
			alice := people(t, n, b.channel, "alice"+string(rune('a'+i)))[0]
			b.start(t, tc.flags...)
			alice.Expect(t, 20*time.Second, joined(b.nick))
			before := time.Now().UTC()
			alice.Privmsg(b.channel, "#startmeeting Release Planning")
			alice.Expect(t, 10*time.Second, fromBot(b.nick, tc.reply))
			alice.Privmsg(b.channel, "#info one thing")
			alice.Privmsg(b.channel, "#endmeeting")
			var said []string
			for _, prefix := range []string{"Minutes:        ", "Minutes (text): ", "Log:            "} {
				m, err := alice.WaitFor(10*time.Second, fromBot(b.nick, prefix))
				if err != nil {
					t.Fatalf("no %q: %v", prefix, err)
				}
				said = append(said, m.Last())
			}
			// The meeting started in the minute before or after
			// #startmeeting was sent.
			start := before
			if _, err := os.Stat(filepath.Join(b.archive, filepath.FromSlash(stamp(tc.wantRel, start)))); err != nil {
				start = time.Now().UTC()
			}
			rel := stamp(tc.wantRel, start)
			if _, err := os.Stat(filepath.Join(b.archive, filepath.FromSlash(rel))); err != nil {
				t.Errorf("minutes not at %s: %v", rel, err)
			}
			want := "Minutes:        " + filepath.Base(rel)
			if tc.wantURL != "" {
				want = "Minutes:        " + stamp(tc.wantURL, start)
			}
			if said[0] != want {
				t.Errorf("announced %q, want %q", said[0], want)
			}
			for _, s := range said {
				if strings.Contains(s, b.archive) || strings.Contains(s, os.TempDir()) || (tc.wantURL == "" && strings.Contains(s, "/")) {
					t.Errorf("a local path went to the channel: %q", s)
				}
			}
			b.stop(t)
		})
	}
}

// stamp fills DATE, YEAR and HH.MM in a path from a start time.
func stamp(p string, t time.Time) string {
	return strings.NewReplacer("DATE", t.Format("2006-01-02"), "YEAR", t.Format("2006"), "HH.MM", t.Format("15.04")).Replace(p)
}
