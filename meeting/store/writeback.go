package store

import "os"

// writebackEvery is how many bytes a writebackFile lets pile up before it
// starts writing them to disk: a few MiB, so that a large file (the
// .log.html of a long meeting is tens of MiB) is mostly on disk by the
// time it is fsynced, while small files see no extra call at all.
const writebackEvery = 4 << 20

// writeback is startWriteback; tests replace it to see the ranges.
var writeback = startWriteback

// writebackFile writes to a file that will be fsynced, starting the disk
// writes of every writebackEvery bytes as soon as they are written, so
// rendering and the disk work at once instead of one after the other.
type writebackFile struct {
	f          *os.File
	off, start int64 // bytes written; where the range not yet started begins
}

func (w *writebackFile) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if w.off-w.start >= writebackEvery {
		writeback(w.f, w.start, w.off-w.start)
		w.start = w.off
	}
	return n, err
}
