package importer

import (
	"bytes"
	"errors"
	"testing"
	"testing/iotest"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// TestPrefetchedSameLines reads generated logs of several sizes (around
// the batch size) both ways: the same lines in the same order, the same
// date knowledge and error.
func TestPrefetchedSameLines(t *testing.T) {
	for _, n := range []int{0, 1, prefetchBatch - 1, prefetchBatch, prefetchBatch + 1, 3*prefetchBatch + 17, 4 * prefetchAhead * prefetchBatch} {
		var log bytes.Buffer
		if n > 0 {
			if err := synth.MeetBotLog(&log, n, 7); err != nil {
				t.Fatal(err)
			}
		}
		opts := Options{Format: MeetBotText, Name: "x.2026-01-01-10.00.log.txt"}
		plain := New(bytes.NewReader(log.Bytes()), opts)
		var want []meeting.Line
		for plain.Next() {
			want = append(want, plain.Line())
		}
		ahead := New(bytes.NewReader(log.Bytes()), opts)
		var got []meeting.Line
		for l := range ahead.Prefetched() {
			got = append(got, l)
		}
		if len(got) != len(want) || ahead.Err() != plain.Err() || ahead.DateKnown() != plain.DateKnown() {
			t.Fatalf("n=%d: %d lines (want %d), err %v/%v", n, len(got), len(want), ahead.Err(), plain.Err())
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d: line %d differs: %+v vs %+v", n, i, got[i], want[i])
			}
		}
	}
}

// TestPrefetchedStopsAndErrs: breaking out early ends the reading
// goroutine (the reader is usable again), and a read error is kept.
func TestPrefetchedStopsAndErrs(t *testing.T) {
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 5*prefetchBatch, 3); err != nil {
		t.Fatal(err)
	}
	r := New(bytes.NewReader(log.Bytes()), Options{Format: MeetBotText})
	seen := 0
	for range r.Prefetched() {
		if seen++; seen == 10 {
			break
		}
	}
	if seen != 10 || r.LineNo() == 0 {
		t.Fatalf("seen %d, reader at line %d", seen, r.LineNo())
	}
	bad := New(iotest.TimeoutReader(bytes.NewReader(log.Bytes())), Options{Format: MeetBotText})
	n := 0
	for range bad.Prefetched() {
		n++
	}
	if !errors.Is(bad.Err(), iotest.ErrTimeout) {
		t.Fatalf("after %d lines, err %v", n, bad.Err())
	}
}
