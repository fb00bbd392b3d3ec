package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// renderLog draws the meeting's log: a long line wraps under its text
// (hanging after the time, number and nick) instead of being cut, and
// the view scrolls so that the whole of the cursor's line shows.
func (p *meetPane) renderLog(st *Styles, w int) string {
	if len(p.log) == 0 {
		return st.Dim.Render("  no log lines in the index for this meeting")
	}
	h := max(p.logc.h, 1)
	c := &p.logc
	// From the top down to the cursor everything must fit: move the top
	// down until it does.
	for c.top < c.cur {
		rows := 0
		for i := c.top; i <= c.cur; i++ {
			rows += len(p.logRows(st, i, w))
		}
		if rows <= h {
			break
		}
		c.top++
	}
	var out []string
	for i := c.top; i < len(p.log) && len(out) < h; i++ {
		out = append(out, p.logRows(st, i, w)...)
	}
	return strings.Join(out[:min(len(out), h)], "\n")
}

// logRows is log line i as screen rows of width w at most, styled for
// the cursor or the line jumped to.
func (p *meetPane) logRows(st *Styles, i, w int) []string {
	l := p.log[i]
	who := "<" + clean(l.Nick) + ">"
	if l.Action {
		who = "* " + clean(l.Nick)
	}
	prefix := fmt.Sprintf("%s %4d  %s ", l.Time.Format("15:04:05"), l.N, who)
	pw := ansi.StringWidth(prefix)
	text := clean(l.Text)
	var rows []string
	if pw > w/2 {
		// A nick too long to hang the text under: wrap the whole line.
		for _, r := range strings.Split(ansi.Wrap(prefix+text, w, ""), "\n") {
			rows = append(rows, st.Text.Render(r))
		}
	} else {
		for k, r := range strings.Split(ansi.Wrap(text, w-pw, ""), "\n") {
			lead := strings.Repeat(" ", pw)
			if k == 0 {
				lead = st.Time.Render(l.Time.Format("15:04:05")) + fmt.Sprintf(" %4d  ", l.N) + st.Nick.Render(who) + " "
			}
			rows = append(rows, lead+st.Text.Render(r))
		}
	}
	for k, r := range rows {
		switch {
		case i == p.logc.cur:
			rows[k] = st.Selected.Render(padRight(ansiStrip(fit(r, w)), w))
		case l.N == p.target:
			rows[k] = st.Target.Render(padRight(ansiStrip(fit(r, w)), w))
		default:
			rows[k] = fit(r, w)
		}
	}
	return rows
}
