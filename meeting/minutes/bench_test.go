package minutes

import (
	"bytes"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

func genLog(b *testing.B) []byte {
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	return log.Bytes()
}

// renderAll renders every meeting in all formats, the formats at once
// (Each), as store.WriteMinutes does.
func renderAll(b *testing.B, ms []*meeting.Minutes) {
	for _, m := range ms {
		for _, err := range Each(AllFormats, func(_ int, f Format) error { return Render(io.Discard, f, m) }) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAllFormats renders a generated 200,000-line meeting in all six
// formats per op, the formats at once on the available cores; import and
// fold happen once, outside the loop. Target: under 0.15 s and 80 MB per
// op. "cpu-ms/op" is the CPU time the process spent per op (all threads,
// GC included): on a shared machine it says more than the wall time.
func BenchmarkAllFormats(b *testing.B) {
	data := genLog(b)
	ms := importFold(b, bytes.NewReader(data), "bench.2026-01-01-10.00.log.txt", "#bench")
	runtime.GC()
	stop := samplePeakHeap(b)
	cpu0 := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		renderAll(b, ms)
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	stop()
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
