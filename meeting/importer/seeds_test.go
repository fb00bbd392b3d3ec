package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// seedsDir is /work/shared/seeds seen from this package's directory
// (meeting/importer inside the repository root).
const seedsDir = "../../../shared/seeds"

// TestSeeds reads the real zodbot/MeetBot logs when they are present. The
// counts were checked with grep: heat has 404 lines (402 "<nick>" lines
// and 2 "* nick" actions), cockpit 198 lines of which 2 are download
// headers ("meeting", "LOGS"), 195 messages and 1 action.
func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skip("no seeds directory:", err)
	}
	tests := []struct {
		file             string
		messages, action int
		speakers, bot    int // distinct nicks, lines by the bot
		botNick          string
		first, last      string
	}{
		{
			file: "heat-2012-04-02.log.txt", messages: 402, action: 2, speakers: 8, botNick: "mheat-bot", bot: 3,
			first: "2012-04-02 21:00:11 message funzo|#startmeeting",
			last:  "2012-04-02 21:49:01 message funzo|#endmeeting",
		},
		{
			file: "cockpit-2017-05-08.log.txt", messages: 195, action: 1, speakers: 7, botNick: "zodbot", bot: 8,
			first: "2017-05-08 13:00:44 message mvollmer|#startmeeting meeting",
			last:  "2017-05-08 13:42:33 message mvollmer|#endmeeting",
		},
	}
	for _, tt := range tests {
		for _, named := range []bool{true, false} {
			name := tt.file
			if !named {
				name += "/date-from-bot"
			}
			t.Run(name, func(t *testing.T) {
				f, err := os.Open(filepath.Join(seedsDir, tt.file))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				opts := Options{}
				if named {
					opts.Name = tt.file
				}
				r := New(f, opts)
				var lines []meeting.Line
				for r.Next() {
					lines = append(lines, r.Line())
				}
				if r.Err() != nil {
					t.Fatal(r.Err())
				}
				if r.Format() != MeetBotText || !r.DateKnown() {
					t.Errorf("format %v, date known %v", r.Format(), r.DateKnown())
				}
				kinds := map[meeting.Kind]int{}
				nicks := map[string]bool{}
				bot := 0
				for _, l := range lines {
					kinds[l.Kind]++
					nicks[l.Nick] = true
					if l.Nick == tt.botNick {
						bot++
					}
				}
				if len(lines) != tt.messages+tt.action || kinds[meeting.Message] != tt.messages || kinds[meeting.Action] != tt.action {
					t.Errorf("%d lines: %v, want %d messages and %d actions", len(lines), kinds, tt.messages, tt.action)
				}
				if len(nicks) != tt.speakers || bot != tt.bot {
					t.Errorf("%d nicks, %d bot lines; want %d, %d", len(nicks), bot, tt.speakers, tt.bot)
				}
				if len(lines) > 0 {
					if got := show(lines[0]); got != tt.first {
						t.Errorf("first %q, want %q", got, tt.first)
					}
					if got := show(lines[len(lines)-1]); got != tt.last {
						t.Errorf("last %q, want %q", got, tt.last)
					}
				}
			})
		}
	}
}
