package importer

import (
	"bytes"
	"testing"

	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// BenchmarkImportMeetBot parses a generated 200,000-line MeetBot log.
func BenchmarkImportMeetBot(b *testing.B) {
	var buf bytes.Buffer
	if err := synth.MeetBotLog(&buf, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := New(bytes.NewReader(data), Options{Name: "bench-2024-03-05.log.txt"})
		n := 0
		for r.Next() {
			n++
		}
		if r.Err() != nil || n != 200_000 {
			b.Fatalf("n=%d err=%v", n, r.Err())
		}
	}
}
