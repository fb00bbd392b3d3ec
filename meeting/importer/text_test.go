package importer

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTextsKeptWhole reads a log whose lines share text slabs, of every
// length up to past what a slab takes, keeps every line and checks each
// text only once all are read: a slab reused or written over would show.
func TestTextsKeptWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var log strings.Builder
	var want []string
	for i := range 5000 {
		n := rng.IntN(textSlab / 6)
		if i%50 == 0 {
			n = textSlab/8 + rng.IntN(textSlab) // too long to share
		}
		text := strings.Repeat(string(rune('a'+i%26)), n) + fmt.Sprint(i)
		want = append(want, text)
		fmt.Fprintf(&log, "10:%02d:%02d <nick%d> %s\n", i/60%60, i%60, i%7, text)
	}
	r := New(strings.NewReader(log.String()), Options{Name: "x-2026-01-02.log.txt"})
	var got []string
	for r.Next() {
		got = append(got, r.Line().Text)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d: text of %d bytes differs from the %d said", i, len(got[i]), len(want[i]))
		}
	}
}
