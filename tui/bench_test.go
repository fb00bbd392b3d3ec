package tui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gavel-irc/gavel/meeting"
)

func scrollback(n int) []meeting.Line {
	out := make([]meeting.Line, 0, n+1)
	out = append(out, meeting.Line{Time: t0, Nick: "alice", Text: "#startmeeting bench"})
	for i := range n {
		out = append(out, meeting.Line{Time: t0.Add(time.Duration(i) * 10 * time.Millisecond), Nick: fmt.Sprintf("p%02d", i%25),
			Text: fmt.Sprintf("line %d: some ordinary meeting chatter about \x02the plan\x02 and what to do next", i)})
	}
	return out
}

// BenchmarkLineToFrame measures one channel line arriving (Update) and the
// next frame being rendered (View) with 10,000 lines of scrollback — the
// cost a chair pays per line at 100 lines/s (budget: 16 ms).
func BenchmarkLineToFrame(b *testing.B) {
	m := New(Options{Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, l := range scrollback(10_000) {
		m.Update(LineMsg{Line: l})
	}
	l := meeting.Line{Time: t0.Add(time.Hour), Nick: "bob", Text: "+1 a new line with \x0304colour\x03"}
	b.ReportAllocs()
	for b.Loop() {
		m.Update(LineMsg{Line: l})
		_ = m.View()
	}
}

// BenchmarkScrollback100k reports the heap a view holding 100,000 lines
// needs (budget: 100 MB).
func BenchmarkScrollback100k(b *testing.B) {
	lines := scrollback(100_000)
	var heap uint64
	for b.Loop() {
		m := New(Options{Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		for _, l := range lines {
			m.Update(LineMsg{Line: l})
		}
		_ = m.View()
		b.StopTimer()
		runtime.GC()
		var st runtime.MemStats
		runtime.ReadMemStats(&st)
		heap = max(heap, st.HeapAlloc)
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkScrolledFrame renders a frame while scrolled to the top of
// 100,000 lines: the cost must not grow with the scrollback.
func BenchmarkScrolledFrame(b *testing.B) {
	m := New(Options{Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, l := range scrollback(100_000) {
		m.Update(LineMsg{Line: l})
	}
	m.channel.toTop()
	l := meeting.Line{Time: t0.Add(time.Hour), Nick: "bob", Text: "new line while scrolled up"}
	b.ReportAllocs()
	for b.Loop() {
		m.Update(LineMsg{Line: l})
		_ = m.View()
	}
}
