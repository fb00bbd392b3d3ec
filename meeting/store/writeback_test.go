package store

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestWritebackFile writes a large file through writebackFile in uneven
// pieces: the file holds exactly what was written, and the disk writes
// were started for consecutive ranges from the start, each at least
// writebackEvery long, leaving less than that for the closing fsync.
func TestWritebackFile(t *testing.T) {
	type span struct{ off, n int64 }
	var spans []span
	old := writeback
	writeback = func(f *os.File, off, n int64) {
		spans = append(spans, span{off, n})
		old(f, off, n) // the real call too: it must not disturb the file
	}
	t.Cleanup(func() { writeback = old })

	f, err := os.Create(filepath.Join(t.TempDir(), "big"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	want := make([]byte, 3*writebackEvery+12345)
	for i := range want {
		want[i] = byte(rng.Uint32())
	}
	w := &writebackFile{f: f}
	for rest := want; len(rest) > 0; {
		n := min(len(rest), 1+rng.IntN(256<<10))
		if m, err := w.Write(rest[:n]); err != nil || m != n {
			t.Fatalf("Write = %d, %v; want %d", m, err, n)
		}
		rest = rest[n:]
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("file differs from what was written (%d bytes, want %d)", len(got), len(want))
	}
	var next int64
	for _, s := range spans {
		if s.off != next || s.n < writebackEvery {
			t.Fatalf("writeback ranges %v: want consecutive ranges from 0, each >= %d", spans, writebackEvery)
		}
		next = s.off + s.n
	}
	if left := int64(len(want)) - next; len(spans) < 2 || left >= writebackEvery {
		t.Errorf("writeback ranges %v leave %d bytes for fsync; want < %d", spans, left, writebackEvery)
	}
}
