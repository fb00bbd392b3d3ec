package minutes

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

func genLog(b *testing.B) []byte {
	var log bytes.Buffer
	if err := importer.GenerateMeetBotLog(&log, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	return log.Bytes()
}

func renderAll(b *testing.B, ms []*meeting.Minutes) {
	for _, m := range ms {
		for _, f := range AllFormats {
			if err := Render(io.Discard, f, m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAllFormats renders a generated 200,000-line meeting in all six
// formats per op; import and fold happen once, outside the loop. Target:
// under 0.3 s and 80 MB per op.
func BenchmarkAllFormats(b *testing.B) {
	data := genLog(b)
	ms := importFold(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench")
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renderAll(b, ms)
	}
}

// BenchmarkAllFormatsWithImport is BenchmarkAllFormats with the import and
// fold of the log inside each op.
func BenchmarkAllFormatsWithImport(b *testing.B) {
	data := genLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		renderAll(b, importFold(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench"))
	}
}

// BenchmarkFormat renders one format at a time, to see where time goes.
func BenchmarkFormat(b *testing.B) {
	data := genLog(b)
	ms := importFold(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench")
	for _, f := range AllFormats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, m := range ms {
					Render(io.Discard, f, m)
				}
			}
		})
	}
}
