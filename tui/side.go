package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// The side panes read the meeting; they keep only their size.

type chairsPane struct {
	c    *Common
	w, h int
}

func (p *chairsPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *chairsPane) View(m *meeting.Meeting, present map[string]bool) string {
	st := p.c.Styles
	lines := []string{st.PaneTitle.Render("Chairs")}
	chairs := m.Chairs()
	if len(chairs) == 0 {
		lines = append(lines, st.Dim.Render("no meeting yet"))
	}
	for _, n := range chairs {
		if present[meeting.FoldNick(n)] {
			lines = append(lines, st.Present.Render("● ")+plaintext.Plain(n))
		} else {
			lines = append(lines, st.Away.Render("○ "+plaintext.Plain(n)+" (away)"))
		}
	}
	return block(lines, p.w, p.h)
}

type votesPane struct {
	c    *Common
	w, h int
}

func (p *votesPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *votesPane) View(m *meeting.Meeting) string {
	st := p.c.Styles
	lines := []string{st.PaneTitle.Render("Votes")}
	if v := m.Vote(); v != nil {
		q := plaintext.Plain(v.Question)
		if len(v.Options) > 0 && v.Options[0] != "+1" {
			q += "?"
		}
		state := ""
		if v.Closed {
			state = st.Dim.Render(" (ended)")
		}
		lines = append(lines, st.Self.Render(q)+state)
		total := 0
		for _, r := range v.Results {
			total += r.Count
		}
		for _, r := range v.Results {
			lines = append(lines, p.bar(plaintext.Plain(r.Option), r.Count, total, st.Bar["+1"].Render))
		}
		if v.Closed { // the result, not just the bars
			lines = append(lines, st.Self.Render("result: "+plaintext.Plain(v.Outcome)))
		}
		lines = append(lines, voters(v.Voters)...)
	} else if t := m.Tally(); t != nil && (t.Plus+t.Zero+t.Minus > 0 || !strings.HasPrefix(t.Subject, "#")) {
		subject := t.Subject
		if subject == "" {
			subject = "(votes without a proposal)"
		}
		state := ""
		if !t.Open {
			state = st.Dim.Render(" (closed)")
		}
		lines = append(lines, st.Self.Render(plaintext.Plain(subject))+state)
		total := t.Plus + t.Zero + t.Minus
		lines = append(lines,
			p.bar("+1", t.Plus, total, st.Bar["+1"].Render),
			p.bar(" 0", t.Zero, total, st.Bar["0"].Render),
			p.bar("-1", t.Minus, total, st.Bar["-1"].Render))
		var who []string
		for _, n := range t.VoterOrder {
			who = append(who, plaintext.Plain(n)+" "+t.Voters[n])
		}
		if len(who) > 0 {
			lines = append(lines, st.Dim.Render(strings.Join(who, ", ")))
		}
	} else {
		lines = append(lines, st.Dim.Render("no open tally"))
	}
	return block(lines, p.w, p.h)
}

// bar draws "label ████ n" scaled to the pane.
func (p *votesPane) bar(label string, n, total int, paint func(...string) string) string {
	room := max(p.w-len(label)-6, 1)
	fill := 0
	if total > 0 {
		fill = n * room / total
	}
	if n > 0 && fill == 0 {
		fill = 1
	}
	return fmt.Sprintf("%-3s %s %d", label, paint(strings.Repeat("█", fill)), n)
}

func voters(v map[string]string) []string {
	names := make([]string, 0, len(v))
	for n := range v {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, plaintext.Plain(n)+": "+plaintext.Plain(v[n]))
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{strings.Join(parts, ", ")}
}

type actionsPane struct {
	c    *Common
	w, h int
}

func (p *actionsPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *actionsPane) View(m *meeting.Meeting) string {
	st := p.c.Styles
	lines := []string{st.PaneTitle.Render("Actions")}
	acts := m.Actions()
	if len(acts) == 0 {
		lines = append(lines, st.Dim.Render("none yet"))
	}
	by := map[string][]string{}
	var owners []string
	for _, a := range acts {
		os := a.Owners
		if len(os) == 0 {
			os = []string{"UNASSIGNED"}
		}
		for _, o := range os {
			if _, ok := by[o]; !ok {
				owners = append(owners, o)
			}
			by[o] = append(by[o], a.Text)
		}
	}
	sort.SliceStable(owners, func(i, j int) bool {
		if (owners[i] == "UNASSIGNED") != (owners[j] == "UNASSIGNED") {
			return owners[j] == "UNASSIGNED"
		}
		return meeting.FoldNick(owners[i]) < meeting.FoldNick(owners[j])
	})
	for _, o := range owners {
		lines = append(lines, st.NickStyle(o).Bold(true).Render(plaintext.Plain(o)))
		for _, t := range by[o] {
			lines = append(lines, " • "+plaintext.Plain(t))
		}
	}
	return block(lines, p.w, p.h)
}

type topicPane struct {
	c    *Common
	w, h int
}

func (p *topicPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *topicPane) View(m *meeting.Meeting) string {
	st := p.c.Styles
	lines := []string{st.PaneTitle.Render("This topic")}
	items := m.TopicItems()
	if len(items) == 0 {
		lines = append(lines, st.Dim.Render("nothing recorded yet"))
	}
	// newest last, but keep the newest visible when it overflows
	if over := len(items) - (p.h - 1); over > 0 {
		items = items[over:]
	}
	for _, it := range items {
		badge := string(it.Type)
		if s, ok := st.Item[badge]; ok {
			badge = s.Render(badge)
		}
		text := plaintext.Plain(it.Text)
		if it.Tally != nil {
			text += fmt.Sprintf(" (+1:%d 0:%d -1:%d)", it.Tally.Plus, it.Tally.Zero, it.Tally.Minus)
		}
		lines = append(lines, badge+" "+text)
	}
	return block(lines, p.w, p.h)
}
