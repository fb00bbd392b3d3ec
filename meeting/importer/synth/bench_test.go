package synth

import (
	"bytes"
	"testing"
)

// BenchmarkMeetBotLog writes a 200,000-line MeetBot log.
func BenchmarkMeetBotLog(b *testing.B) {
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := MeetBotLog(&buf, 200_000, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
