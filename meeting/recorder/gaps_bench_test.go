package recorder

import (
	"fmt"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// BenchmarkReplayDedup: the cost of sifting a server's history replay of
// 100 lines the recorder already has (4,096 in its index), per replay.
func BenchmarkReplayDedup(b *testing.B) {
	for _, ids := range []bool{true, false} {
		b.Run(fmt.Sprintf("msgid=%v", ids), func(b *testing.B) {
			r, err := Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", JournalDir: b.TempDir()}, &fakeSender{})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			var live []meeting.Line
			for i := range seenWindow {
				l := meeting.Line{Time: t0.Add(time.Duration(i) * 100 * time.Millisecond), Nick: "bob", Text: fmt.Sprintf("line %d", i)}
				if ids {
					l.MsgID = fmt.Sprintf("id%d", i)
				}
				live = append(live, l)
			}
			if _, err := r.Record(live...); err != nil {
				b.Fatal(err)
			}
			if _, err := r.Joined(t0.Add(time.Hour)); err != nil {
				b.Fatal(err)
			}
			history := make([]meeting.Line, 100)
			for i := range history {
				history[i] = replayed(live[len(live)-100+i])
			}
			b.ResetTimer()
			for range b.N {
				r.seen.used = map[seenKey]int{} // each replay matches afresh
				if ups, err := r.Record(history...); err != nil || len(ups) > 1 {
					b.Fatalf("recorded %d of a replay it had", len(ups))
				}
			}
		})
	}
}
