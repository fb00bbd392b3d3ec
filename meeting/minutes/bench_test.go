package minutes

import (
	"bytes"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

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
	stop := samplePeakHeap(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renderAll(b, ms)
	}
	b.StopTimer()
	stop()
}

// samplePeakHeap watches the heap (live objects and garbage not yet
// swept, the meeting being rendered included) every millisecond until the
// returned function is called, which reports the largest size seen as
// "peak-heap-MB".
func samplePeakHeap(b *testing.B) (stop func()) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	var (
		peak = read()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		peak = max(peak, read())
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkAllFormatsWithImport is BenchmarkAllFormats with the import and
// fold of the log inside each op.
func BenchmarkAllFormatsWithImport(b *testing.B) {
	data := genLog(b)
	b.SetBytes(int64(len(data)))
	runtime.GC()
	stop := samplePeakHeap(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renderAll(b, importFold(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench"))
	}
	b.StopTimer()
	stop()
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
