package minutes

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fold feeds "nick text" lines (one second apart from t0; a nick starting
// with '*' makes an action) into a fresh meeting on #c.
func fold(t0 time.Time, lines []string) *meeting.Minutes {
	m := meeting.New(meeting.Config{Channel: "#c", BotNick: "gavel"})
	for i, s := range lines {
		nick, text, _ := bytes.Cut([]byte(s), []byte(" "))
		l := meeting.Line{Time: t0.Add(time.Duration(i) * 7 * time.Second), Nick: string(nick), Text: string(text)}
		if nick[0] == '*' {
			l.Nick, l.Kind = string(nick[1:]), meeting.Action
		}
		m.Apply(l)
	}
	return m.Minutes()
}

var t0 = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

// fullMeeting has every item type, both kinds of vote, informal tallies,
// unicode nicks, nicks with [] and |, and items before the first topic.
func fullMeeting() *meeting.Minutes {
	return fold(t0, []string{
		"alice #startmeeting Weekly Infra",
		"gavel Meeting started Wed Mar  4 15:00:00 2026 UTC.",
		"alice #meetingtopic infrastructure sync",
		"alice #chair bob[m] zoë|away",
		"alice #info this happens before any topic",
		"alice #action everyone read the agenda before next week",
		"bob[m] hello all",
		"zoë|away hi",
		"*zoë|away waves",
		"alice #topic Review meeting agenda",
		"alice propose we keep the agenda as posted (+1 or -1)",
		"bob[m] +1",
		"zoë|away +1",
		"carol -1 too long",
		"dave 0",
		"alice #agreed keep the agenda as posted",
		"alice #idea move the meeting an hour earlier, so that people in Asia and Australia can join without staying up until the middle of the night",
		"alice #link https://example.org/agenda?a=1&b=2 the agenda",
		"alice #help we need a volunteer for the release notes",
		"alice #topic Releases",
		"bob[m] propose we accept the 2.0 schedule",
		"alice +1",
		"carol +1",
		"alice #accepted 2.0 schedule",
		"alice #rejected moving to a monthly cadence",
		"alice #action bob[m] to write the release notes",
		"alice #action carol and zoë|away to review the CI changes",
		"alice #action unowned: someone should fix the wiki",
		"alice #startvote Which day? monday, tuesday",
		"bob[m] #vote monday",
		"carol #vote tuesday",
		"zoë|away #vote monday",
		"alice #endvote",
		"alice #vote Adopt the new logo",
		"bob[m] +1",
		"carol +1",
		"dave -1",
		"alice #endvote",
		"carol zoë|away: can you look at the mirror?",
		"alice #endmeeting",
	})
}

// unfinishedMeeting stops before #endmeeting and records no actions.
func unfinishedMeeting() *meeting.Minutes {
	return fold(t0, []string{
		"Ω #startmeeting",
		"Ω #topic only topic",
		"ßob #info something said",
		"Ω still talking",
	})
}

func fixtures() map[string]*meeting.Minutes {
	return map[string]*meeting.Minutes{"full": fullMeeting(), "unfinished": unfinishedMeeting()}
}

// TestGolden renders every fixture in every format and compares with
// testdata/<fixture>.<ext>.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	for name, m := range fixtures() {
		for _, f := range AllFormats {
			var b bytes.Buffer
			if err := Render(&b, f, m); err != nil {
				t.Fatalf("%s %s: %v", name, f, err)
			}
			file := filepath.Join("testdata", name+f.Ext()+".golden")
			if *update {
				if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s: output differs from %s (go test -update to accept):\n%s", name, file, b.String())
			}
		}
	}
}
