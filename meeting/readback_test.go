package meeting_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// TestReadBackFoldsTheSame: a log read back (Config.ReadBack, as imports
// and `gavel minutes` fold) gives the very minutes a live fold gives,
// with no effects at all, where the live fold has replies, topics and
// recorded items.
func TestReadBackFoldsTheSame(t *testing.T) {
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 20_000, 3); err != nil {
		t.Fatal(err)
	}
	fold := func(readBack bool) ([]*meeting.Minutes, int) {
		s := meeting.NewSession(meeting.Config{Channel: "#bench", BotNick: "gavel", ReadBack: readBack})
		in := importer.New(bytes.NewReader(log.Bytes()), importer.Options{Name: "bench.2026-01-01-10.00.log.txt"})
		effects := 0
		for in.Next() {
			effects += len(s.Apply(in.Line()))
		}
		if err := in.Err(); err != nil {
			t.Fatal(err)
		}
		var out []*meeting.Minutes
		for _, m := range s.Meetings() {
			out = append(out, m.Minutes())
		}
		return out, effects
	}
	live, liveEffects := fold(false)
	back, backEffects := fold(true)
	if liveEffects == 0 || backEffects != 0 {
		t.Fatalf("effects: live %d, read back %d; want some, then none", liveEffects, backEffects)
	}
	if len(live) == 0 || !reflect.DeepEqual(live, back) {
		t.Fatalf("read back, the %d meetings' minutes differ from the live fold's", len(live))
	}
}
