package minutes

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// InfoURL is where the minutes' footer points.
const InfoURL = "https://github.com/gavel-irc/gavel"

// wrapWidth is MeetBot's wrapping column for .txt minutes.
const wrapWidth = 72

// Text writes the .txt minutes as the meeting's flavour of MeetBot writes
// them (see txtStyle): zodbot's single template (MeetBot 0.1.4 of
// September 2009), or the Darst December 2010 / OpenStack writer, byte for
// byte but for gavel's documented fixes and additions: "Action Items" is
// always there (Darst and OpenStack lost it), "* **UNASSIGNED**" always
// closes "Action Items, by person" (they listed it only for two or more
// unassigned items, and dropped the section when nothing was assigned),
// actions are attributed to nicks as gavel attributes them, decisions
// carry their informal tally after their details, a "Votes" section
// follows "Meeting ended", and the footer names gavel. Participant text
// goes through Plain, so no control character reaches the file; nothing is
// HTML-escaped.
func Text(w io.Writer, m *meeting.Minutes) error {
	b := bufio.NewWriterSize(w, 32<<10)
	st := txtStyleFor(m.Flavour)
	blocks := 0
	// block starts a block: MeetBot joins its blocks with "\n\n\n\n".
	block := func() {
		if blocks > 0 {
			b.WriteString("\n\n\n\n")
		}
		blocks++
	}
	// heading writes a section heading as the flavour underlines it; a
	// Darst/OpenStack heading is followed by an empty line when the
	// section has entries.
	heading := func(name string, entries bool) {
		block()
		b.WriteString(name + "\n" + strings.Repeat("-", len(name)) + "\n")
		if entries && st.blankAfterHeading {
			b.WriteString("\n")
		}
	}

	title := plaintext.Plain(Title(m))
	bar := strings.Repeat("=", utf8.RuneCountInString(title))
	block()
	fmt.Fprintf(b, "%s\n%s\n%s\n\n\n", bar, title, bar)
	wrapTo(b, fmt.Sprintf("Meeting started by %s at %s UTC.%sThe full logs are available at %s .",
		plaintext.Plain(m.Owner), clock(m.Started), st.headerSpace, fullLogsURL(m)), 0, 0)

	entries := len(m.Prologue)+len(m.Topics) > 0
	heading("Meeting summary", entries)
	n := 0
	// Items are put together in one buffer, reused: a long meeting has
	// tens of thousands.
	var buf []byte
	for _, it := range m.Prologue {
		buf = appendTxtItem(buf[:0], it, st)
		list(b, &n, bytesView(buf), 0)
	}
	for i, t := range m.Topics {
		if i > 0 {
			list(b, &n, "", 0)
		}
		list(b, &n, fmt.Sprintf("* %s  (%s, %s)", plaintext.Plain(t.Title), plaintext.Plain(t.Nick), clock(t.Time)), 0)
		for _, it := range t.Items {
			buf = appendTxtItem(buf[:0], it, st)
			list(b, &n, bytesView(buf), 2)
		}
	}
	ended := endedLine(m)
	for _, g := range gapLines(m) {
		ended += "\n" + g
	}
	if st.endedInSummary {
		b.WriteString("\n\n" + ended + "\n")
	} else {
		block()
		b.WriteString(ended)
	}

	if len(m.Votes) > 0 {
		heading("Votes", true)
		n := 0
		for _, v := range m.Votes {
			list(b, &n, fmt.Sprintf("* %s  (%s, %s)", plaintext.Plain(voteQuestion(v)), plaintext.Plain(v.Nick), clock(v.Time)), 0)
			list(b, &n, "* Result: "+plaintext.Plain(voteState(v))+" ("+plaintext.Plain(voteResults(v))+")", 2)
			if s := voteVoters(v); s != "" {
				list(b, &n, "* Voters: "+plaintext.Plain(s), 2)
			}
		}
		st.endBlock(b)
	}

	heading(st.actions, len(m.Actions) > 0 || st.noneActions != "")
	n = 0
	if len(m.Actions) == 0 && st.noneActions != "" {
		list(b, &n, st.noneActions, 0)
	}
	for _, a := range m.Actions {
		list(b, &n, "* "+plaintext.Plain(a.Text), 0)
	}
	st.endBlock(b)

	heading(st.byPerson, true)
	n = 0
	byPerson, unassigned := ActionsByPerson(m)
	for _, p := range byPerson {
		list(b, &n, "* "+plaintext.Plain(p.Nick), 0)
		for _, a := range p.Actions {
			list(b, &n, "* "+plaintext.Plain(a.Text), 2)
		}
	}
	list(b, &n, "* **UNASSIGNED**", 0)
	if len(unassigned) == 0 {
		list(b, &n, "  * (none)", 0)
	}
	for _, a := range unassigned {
		list(b, &n, "* "+plaintext.Plain(a.Text), 2)
	}
	st.endBlock(b)

	heading(st.people, len(m.People) > 0)
	n = 0
	for _, p := range m.People {
		list(b, &n, fmt.Sprintf("* %s (%d)", plaintext.Plain(p.Nick), p.Lines), 0)
	}
	st.endBlock(b)
	block()
	b.WriteString(st.footer(versionNumber()))
	return b.Flush()
}

// txtStyle is what differs between the two generations of MeetBot's .txt
// writer (meetbot.md §2.2).
type txtStyle struct {
	// headerSpace separates "UTC." from "The full logs" (zodbot's
	// template had a line break there, which wrapping turns into one
	// space; Darst 2010 wrote two).
	headerSpace string
	// blankAfterHeading: Darst 2010 joins a heading (which ends with a
	// line break) and its entries with another line break.
	blankAfterHeading bool
	// endedInSummary: zodbot's template puts "Meeting ended" in the
	// summary block, after one empty line; Darst 2010 makes it a block.
	endedInSummary bool
	// Section names: zodbot capitalises "Items" and "Present".
	actions, byPerson, people string
	// noneActions is the entry of an empty "Action Items": zodbot's
	// template leaves it empty.
	noneActions string
	// link2009 writes LINK items as zodbot does: the first word, one
	// space, the rest trimmed.
	link2009 bool
}

func txtStyleFor(f meeting.Flavour) txtStyle {
	if f == meeting.FlavourDarst || f == meeting.FlavourOpenStack {
		return txtStyle{headerSpace: "  ", blankAfterHeading: true, actions: "Action items",
			byPerson: "Action items, by person", people: "People present (lines said)", noneActions: "* (none)"}
	}
	// zodbot, and the zero flavour: gavel wrote zodbot's files before
	// flavours existed.
	return txtStyle{headerSpace: " ", endedInSummary: true, actions: "Action Items",
		byPerson: "Action Items, by person", people: "People Present (lines said)", link2009: true}
}

// endBlock ends a section whose entries are joined into a template slot
// followed by a line break (zodbot's "%(ActionItems)s\n"); Darst 2010
// blocks end with their last entry.
func (st txtStyle) endBlock(b *bufio.Writer) {
	if st.endedInSummary {
		b.WriteString("\n")
	}
}

// footer is the last block: zodbot's template ends with a reST link target
// and a line break, Darst 2010 with the bare reference.
func (st txtStyle) footer(version string) string {
	if st.endedInSummary {
		return "Generated by `gavel`_ " + version + "\n\n.. _`gavel`: " + InfoURL + "\n"
	}
	return "Generated by `gavel`_ " + version
}

// list writes one entry of a list MeetBot joins with line breaks: a line
// break before every entry but the first (*n counts them), then s wrapped
// at 72 columns with its first line indented by indent. An empty s is an
// empty line.
func list(b *bufio.Writer, n *int, s string, indent int) {
	if *n > 0 {
		b.WriteByte('\n')
	}
	*n++
	if s != "" {
		wrapTo(b, s, indent, indent+2)
	}
}

// fullLogsURL is where the .txt minutes say the full logs are: the
// .log.html under the URL base (MeetBot's logUrlPrefix), else its file
// name, beside the minutes.
func fullLogsURL(m *meeting.Minutes) string {
	if u := BaseURL(m); u != "" {
		return u + FormatLogHTML.Ext()
	}
	return baseName(m) + FormatLogHTML.Ext()
}

// BaseURL is where the meeting's files are published, without extension:
// the URL base and Base (zodbot's "url" in its bus messages). It is ""
// without a URL base.
func BaseURL(m *meeting.Minutes) string {
	if m.URLBase == "" {
		return ""
	}
	return strings.TrimRight(m.URLBase, "/") + "/" + Base(m)
}

// appendTxtItem appends one summary line before wrapping: "* TYPE: text  (nick,
// HH:MM:SS)", INFO without its type, tallies after the details.
func appendTxtItem(s []byte, it meeting.Item, st txtStyle) []byte {
	s = append(s, "* "...)
	if it.Type != meeting.TypeInfo {
		s = append(s, it.Type...)
		s = append(s, ": "...)
	}
	text := plaintext.Plain(it.Text)
	if it.Type == meeting.TypeLink && st.link2009 {
		url, rest, _ := strings.Cut(text, " ")
		s = append(s, url...)
		s = append(s, ' ')
		s = append(s, strings.TrimSpace(rest)...)
	} else {
		s = append(s, text...)
	}
	s = append(s, "  ("...)
	s = append(s, plaintext.Plain(it.Nick)...)
	s = append(s, ", "...)
	s = appendClock(s, it.Time)
	s = append(s, ')')
	if t := tallyOf(it); t != nil {
		// The tally is one unit for wrapping: its spaces are glued.
		s = append(s, " ("...)
		s = append(s, strings.ReplaceAll(TallyLine(t), " ", glue)...)
		s = append(s, ')')
	}
	return s
}

// tallyOf is the informal tally shown with an item: only decisions carry
// one.
func tallyOf(it meeting.Item) *meeting.TallyResult {
	switch it.Type {
	case meeting.TypeAgreed, meeting.TypeAccepted, meeting.TypeRejected:
		return it.Tally
	}
	return nil
}

// endedLine is "Meeting ended at HH:MM:SS UTC." or, for a log that stops
// before #endmeeting, a line that says so (and that mote's "Meeting
// ended" pattern does not match).
func endedLine(m *meeting.Minutes) string {
	switch {
	case m.Finished && m.Ended != nil:
		return fmt.Sprintf("Meeting ended at %s UTC.", clock(*m.Ended))
	case m.Ended != nil:
		return fmt.Sprintf("Unfinished meeting: the log stops at %s UTC, before #endmeeting.", clock(*m.Ended))
	}
	return "Unfinished meeting: the log stops before #endmeeting."
}

func versionNumber() string { return strings.TrimPrefix(meeting.Version, "gavel ") }

// voteQuestion is the question as the minutes show it: option votes get
// OpenStack's trailing '?', motions stay as moved.
func voteQuestion(v meeting.Vote) string {
	if !strings.HasSuffix(v.Question, "?") && len(v.Options) > 0 && v.Options[0] != "+1" {
		return v.Question + "?"
	}
	return v.Question
}

func voteState(v meeting.Vote) string {
	if !v.Closed {
		return "open"
	}
	if v.Outcome == "" {
		return "closed"
	}
	return v.Outcome
}

// voteResults is "a: 1, b: 0" in option order.
func voteResults(v meeting.Vote) string {
	parts := make([]string, 0, len(v.Results))
	for _, r := range v.Results {
		parts = append(parts, fmt.Sprintf("%s: %d", r.Option, r.Count))
	}
	return strings.Join(parts, ", ")
}

// voteVoters is "alice (a), bob (b)", voters sorted case-insensitively.
func voteVoters(v meeting.Vote) string {
	names := make([]string, 0, len(v.Voters))
	for n := range v.Voters {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := strings.ToLower(names[i]), strings.ToLower(names[j])
		if li != lj {
			return li < lj
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " (" + v.Voters[n] + ")"
	}
	return strings.Join(parts, ", ")
}

// glue is a space that writeWrapped never breaks at; it is written as a
// space. Text that reaches the wrapper went through Plain, which never
// lets a NUL through.
const glue = "\x00"

// wrapTo writes s wrapped at 72 columns as MeetBot's wrapList does
// (Python's TextWrapper without breaking long words): the first line is
// indented by first, continuation lines by rest; white space at a break is
// dropped, white space inside a line kept, a word longer than a line gets
// a line of its own. Columns are counted in runes, as Python counts them.
// No line break follows the last line.
func wrapTo(b *bufio.Writer, s string, first, rest int) {
	// Most entries fit on their first line.
	if len(s) <= wrapWidth-first || utf8.RuneCountInString(s) <= wrapWidth-first {
		b.WriteString(spaces[:first])
		writeGlued(b, strings.TrimRight(s, " "))
		return
	}
	// Python counts columns in code points; for ASCII that is bytes.
	ascii := plaintext.ASCII(s)
	isFirst := true
	for {
		pad := first
		if !isFirst {
			pad = rest
			// No white space at the start of a continuation line.
			s = strings.TrimLeft(s, " ")
		}
		width := wrapWidth - pad
		var end int
		if ascii {
			end = asciiLineEnd(s, width)
		} else {
			end = lineEnd(s, width)
		}
		line := strings.TrimRight(s[:end], " ")
		if line != "" || isFirst {
			if !isFirst {
				b.WriteByte('\n')
			}
			b.WriteString(spaces[:pad])
			writeGlued(b, line)
		}
		s = s[end:]
		isFirst = false
		if strings.TrimLeft(s, " ") == "" {
			return
		}
	}
}

// lineEnd is where wrapTo ends a line that starts s, width columns wide:
// after the last whole run of word or white space that fits, or after the
// first word when even that does not fit (a long word is not broken).
// White space at the start that does not fit ends the line at once.
func lineEnd(s string, width int) int {
	end, col := 0, 0
	for end < len(s) {
		n := end
		space := s[n] == ' '
		for n < len(s) && (s[n] == ' ') == space {
			n++
		}
		w := utf8.RuneCountInString(s[end:n])
		if col+w > width && (col > 0 || space) {
			break
		}
		end, col = n, col+w
	}
	return end
}

// asciiLineEnd is lineEnd for ASCII s, where a column is a byte: instead
// of walking every run, it looks at the run that crosses the width (the
// items of HTML minutes, with their markup, are nearly all wider).
func asciiLineEnd(s string, width int) int {
	if len(s) <= width {
		return len(s)
	}
	// start is where the run holding byte width begins.
	var start int
	if s[width] != ' ' {
		start = strings.LastIndexByte(s[:width], ' ') + 1
	} else {
		start = len(strings.TrimRight(s[:width], " "))
	}
	switch {
	case start > 0:
		return start
	case s[0] == ' ':
		return 0 // white space wider than the line
	}
	// A first word wider than the line has it to itself.
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return i
	}
	return len(s)
}

// bytesView is b as a string without a copy, for an item put together in
// a reused buffer and written at once (wrapTo copies what it writes): it
// is valid only until b is written again.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// spaces holds the indents wrapTo writes (at most a few columns).
const spaces = "                "

// writeGlued writes a wrapped line, glued spaces written as spaces.
func writeGlued(b *bufio.Writer, line string) {
	for {
		i := strings.Index(line, glue)
		if i < 0 {
			b.WriteString(line)
			return
		}
		b.WriteString(line[:i])
		b.WriteByte(' ')
		line = line[i+len(glue):]
	}
}
