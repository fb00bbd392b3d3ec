package meeting

import (
	"strconv"
	"testing"
	"time"
)

// TestLogKeepsLines: the Log keeps what its readers read of a said line —
// the instant (shown in UTC), nick, account, text, kind and the recovered
// mark — across chunks, and a redaction (set) leaves earlier snapshots
// alone.
func TestLogKeepsLines(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	var lines []Line
	for i := range 2*logChunk + 3 {
		lines = append(lines, Line{
			Time:      time.Date(2026, 3, 1, 10, 0, 0, i*1000+7, paris).Add(time.Duration(i) * time.Second),
			Nick:      "n" + itoa(i%7),
			Account:   map[bool]string{true: "acct"}[i%3 == 0],
			Text:      "line " + itoa(i),
			Kind:      Kind(i % 2), // Message and Action
			Recovered: i%5 == 0,
			MsgID:     "id" + itoa(i), // arrival only: not kept
		})
	}
	g := NewLog(lines)
	if g.Len() != len(lines) {
		t.Fatalf("Len %d, want %d", g.Len(), len(lines))
	}
	check := func(g Log, i int, text string) {
		t.Helper()
		want := lines[i]
		want.Time, want.MsgID, want.Text = want.Time.UTC(), "", text
		if got := g.At(i); got != want {
			t.Fatalf("At(%d) = %+v, want %+v", i, got, want)
		}
	}
	n := 0
	for no, l := range g.All() {
		if no != n+1 || l != g.At(n) {
			t.Fatalf("All gave line %d as %d: %+v", n+1, no, l)
		}
		check(g, n, lines[n].Text)
		n++
	}
	if n != len(lines) {
		t.Fatalf("All gave %d lines", n)
	}
	before := g
	g.set(logChunk+1, "[redacted]")
	check(g, logChunk+1, "[redacted]")
	check(before, logChunk+1, lines[logChunk+1].Text)
}

// TestLogSnapshotsKeepTheirLines: a copy of a Log taken at any length —
// inside the first chunk while it still grows, at and across chunk
// boundaries — reads exactly the lines it had, however much the log grows
// afterwards; the log itself reads every line in order.
func TestLogSnapshotsKeepTheirLines(t *testing.T) {
	at := []int{0, 1, firstChunk - 1, firstChunk, firstChunk + 1, 600, logChunk - 1, logChunk, logChunk + 1, 2*logChunk + 7}
	var g Log
	snaps := map[int]Log{}
	const total = 3*logChunk + 5
	for i := range total {
		for _, n := range at {
			if n == i {
				snaps[n] = g
			}
		}
		g.append(&Line{Text: strconv.Itoa(i)})
	}
	check := func(name string, g Log, n int) {
		t.Helper()
		if g.Len() != n {
			t.Fatalf("%s: %d lines, want %d", name, g.Len(), n)
		}
		seen := 0
		for k, l := range g.All() {
			if l.Text != strconv.Itoa(k-1) || g.At(k-1).Text != l.Text {
				t.Fatalf("%s: line %d is %q", name, k, l.Text)
			}
			seen++
		}
		if seen != n {
			t.Fatalf("%s: All gave %d lines, want %d", name, seen, n)
		}
	}
	for _, n := range at {
		check("snapshot at "+strconv.Itoa(n), snaps[n], n)
	}
	check("log", g, total)
}
