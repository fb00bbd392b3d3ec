package meeting

import (
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
