package meeting_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// foldLog imports a MeetBot log and folds it into meetings.
func foldLog(tb testing.TB, r io.Reader, name, channel string) []*meeting.Meeting {
	tb.Helper()
	s := meeting.NewSession(meeting.Config{Channel: channel})
	in := importer.New(r, importer.Options{Name: name})
	for in.Next() {
		s.Apply(in.Line())
	}
	if err := in.Err(); err != nil {
		tb.Fatal(err)
	}
	return s.Meetings()
}

// BenchmarkPipeline200k is the engine issue's speed target: parse a
// generated 200,000-line MeetBot log, fold it, and render Markdown and
// JSON. heap-MB is the live heap after folding (everything the meeting
// retains, measured after a GC outside the timer); B/op counts every
// allocation.
func BenchmarkPipeline200k(b *testing.B) {
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	data := log.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		ms := foldLog(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench")
		b.StopTimer()
		var st runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&st)
		peak = max(peak, st.HeapAlloc)
		b.StartTimer()
		for _, m := range ms {
			min := m.Minutes()
			if err := minutes.Markdown(io.Discard, min); err != nil {
				b.Fatal(err)
			}
			if err := minutes.JSON(io.Discard, min); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}

// seeds is ../shared/seeds beside the repository, when it is there.
func seeds(t *testing.T) string {
	dir := filepath.Join("..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/seeds is not beside this checkout")
	}
	return dir
}

// BenchmarkSnapshot200k measures Minutes(), the snapshot every renderer
// starts from, of the generated 200,000-line meeting: it runs between
// the fold and the renderers, on one core.
func BenchmarkSnapshot200k(b *testing.B) {
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	ms := foldLog(b, &log, "bench.2026-01-01-10.00.log.txt", "#bench")
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ms {
			m.Minutes()
		}
	}
}
