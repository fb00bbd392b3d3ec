package tui

import (
	"strings"
	"testing"
	"time"
)

func TestETA(t *testing.T) {
	for _, tc := range []struct {
		elapsed     time.Duration
		done, total int
		want        time.Duration
		ok          bool
	}{
		{10 * time.Second, 100, 1000, 90 * time.Second, true},
		{10 * time.Second, 1000, 1000, 0, true},
		{3 * time.Second, 1, 3, 6 * time.Second, true},
		{0, 0, 1000, 0, false}, // no rate yet
		{time.Second, 0, 1000, 0, false},
		{time.Second, 5, 0, 0, false}, // total unknown
	} {
		got, ok := ETA(tc.elapsed, tc.done, tc.total)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ETA(%v, %d, %d) = %v, %v; want %v, %v", tc.elapsed, tc.done, tc.total, got, ok, tc.want, tc.ok)
		}
	}
}

// TestProgressLine: drawn in place with the count and the time left,
// throttled, cleared by Finish; silent when off.
func TestProgressLine(t *testing.T) {
	var b strings.Builder
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewProgressLine(&b, true, true)
	l.Now = func() time.Time { return now }
	l.start = now
	now = now.Add(20 * time.Second)
	l.Update(250, 1000, "files", "240 meetings indexed")
	out := b.String()
	for _, want := range []string{"\r\x1b[K", " 25%", "250/1000 files", "240 meetings indexed", "ETA 1m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress line %q lacks %q", out, want)
		}
	}
	l.Update(260, 1000, "files", "") // 0 s later: throttled
	if b.String() != out {
		t.Errorf("drawn again within 100 ms: %q", b.String())
	}
	l.Finish()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("not cleared: %q", b.String())
	}
	var off strings.Builder
	o := NewProgressLine(&off, false, true)
	o.Update(1, 2, "files", "")
	o.Finish()
	if off.Len() != 0 {
		t.Errorf("drew while off: %q", off.String())
	}
}
