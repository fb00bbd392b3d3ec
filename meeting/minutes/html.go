package minutes

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

const htmlDoctype = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">`

// minutesCSS is gavel's stylesheet for the .html minutes.
const minutesCSS = `body { font-family: sans-serif; margin: 1em 2em; max-width: 60em; }
h1 { font-size: 1.4em; }
h3 { font-size: 1.1em; margin-bottom: 0.3em; }
.details { color: #555; font-size: 0.9em; }
.details a { color: #335; }
b.TOPIC, b.VOTE { color: #124; }
i.itemtype { font-style: normal; font-weight: bold; color: #444; }
span.INFO { }
span.IDEA { color: #6a4a00; }
span.AGREED { color: #004; font-weight: bold; }
span.ACCEPTED { color: #080; font-weight: bold; }
span.REJECTED { color: #c00; font-weight: bold; }
span.ACTION { color: #640064; }
span.LINK { }
span.HELP { color: #a05000; }
span.VOTE { color: #004; }
span.tally { color: #555; font-size: 0.9em; }
ol ol { margin-bottom: 0.6em; }`

// htmlBlockSep joins the body's blocks, as MeetBot's HTML2 writer does.
const htmlBlockSep = "\n<br><br>\n\n\n\n"

// HTML writes the .html minutes in MeetBot's HTML2 layout (the same in
// zodbot, Darst and OpenStack, and the one mote scrapes), byte for byte
// but for gavel's stylesheet and its documented fixes and additions: the
// title and all participant text are escaped, "Action items, by person" is
// always there and always ends with UNASSIGNED (MeetBot dropped the section
// when nothing was assigned and listed UNASSIGNED only for two or more
// items), decisions carry their informal tally, a "Votes" block follows
// "Meeting ended", and the footer names gavel. Items are wrapped at 72
// columns as MeetBot wraps them; ACCEPTED items are green and REJECTED red
// (<font>, as in MeetBot). Participant text is made Plain, then '&', '<'
// and '>' are escaped in text and every special character in attributes;
// only LINK items with an http, https, irc, ftp, mailto or ssh URL become
// links.
func HTML(w io.Writer, m *meeting.Minutes) error {
	b := bufio.NewWriterSize(w, 32<<10)
	title := escText(Title(m))
	logs := hrefEscape(baseName(m) + FormatLogHTML.Ext())
	fmt.Fprintf(b, "%s\n<html>\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\">\n<title>%s</title>\n<style type=\"text/css\">\n%s\n</style>\n</head>\n\n<body>\n",
		htmlDoctype, title, minutesCSS)
	fmt.Fprintf(b, "<h1>%s</h1>\n<span class=\"details\">\nMeeting started by %s at %s UTC\n(<a href=\"%s\">full logs</a>).</span>\n",
		title, escText(m.Owner), clock(m.Started), logs)

	b.WriteString(htmlBlockSep + "<h3>Meeting summary</h3>\n<ol>")
	var s htmlSummary
	// Items are put together in one buffer, reused: a long meeting has
	// tens of thousands.
	var buf []byte
	for _, it := range m.Prologue {
		buf = appendHTMLItem(buf[:0], it, logs)
		s.item(b, bytesView(buf))
	}
	for _, t := range m.Topics {
		s.topic(b, fmt.Sprintf("<li><b class=\"TOPIC\">%s</b> %s", escText(t.Title), details(logs, t.Line, t.Nick, t.Time)))
		for _, it := range t.Items {
			buf = appendHTMLItem(buf[:0], it, logs)
			s.item(b, bytesView(buf))
		}
	}
	s.close(b)
	b.WriteString("\n</ol>")
	b.WriteString(htmlBlockSep + "<span class=\"details\">\n" + escText(strings.TrimSuffix(endedLine(m), ".")) +
		"\n(<a href=\"" + logs + "\">full logs</a>).</span>\n")
	for _, g := range gapLines(m) {
		b.WriteString("<p class=\"details\" style=\"color: #a00000\">" + escText(g) + "</p>\n")
	}

	if len(m.Votes) > 0 {
		b.WriteString(htmlBlockSep + "<h3>Votes</h3>\n<ol>\n")
		for _, v := range m.Votes {
			fmt.Fprintf(b, "  <li><b class=\"VOTE\">%s</b> %s <ol>\n", escText(voteQuestion(v)), details(logs, v.Line, v.Nick, v.Time))
			fmt.Fprintf(b, "    <li>Result: <span class=\"VOTE\">%s</span> (%s)</li>\n", escText(voteState(v)), escText(voteResults(v)))
			if s := voteVoters(v); s != "" {
				fmt.Fprintf(b, "    <li>Voters: %s</li>\n", escText(s))
			}
			b.WriteString("  </ol></li>\n")
		}
		b.WriteString("</ol>")
	}

	b.WriteString(htmlBlockSep + "<h3>Action items</h3>\n<ol>\n")
	if len(m.Actions) == 0 {
		b.WriteString("  <li>(none)</li>\n")
	}
	for _, a := range m.Actions {
		b.WriteString("  <li>" + escText(a.Text) + "</li>\n")
	}
	b.WriteString("</ol>")

	b.WriteString(htmlBlockSep + "<h3>Action items, by person</h3>\n<ol>\n")
	byPerson, unassigned := ActionsByPerson(m)
	for _, p := range byPerson {
		b.WriteString("  <li> " + escText(p.Nick) + " <ol>\n")
		for _, a := range p.Actions {
			b.WriteString("    <li>" + escText(a.Text) + "</li>\n")
		}
		b.WriteString("  </ol></li>\n")
	}
	b.WriteString("  <li><b>UNASSIGNED</b><ol>\n")
	if len(unassigned) == 0 {
		b.WriteString("    <li>(none)</li>\n")
	}
	for _, a := range unassigned {
		b.WriteString("    <li>" + escText(a.Text) + "</li>\n")
	}
	b.WriteString("  </ol>\n</li>\n</ol>")

	b.WriteString(htmlBlockSep + "<h3>People present (lines said)</h3>\n<ol>\n")
	for _, p := range m.People {
		fmt.Fprintf(b, "  <li>%s (%d)</li>\n", escText(p.Nick), p.Lines)
	}
	b.WriteString("</ol>")
	fmt.Fprintf(b, "%s<span class=\"details\">Generated by <a href=\"%s\">gavel</a> %s.</span>\n</body></html>\n",
		htmlBlockSep, InfoURL, escText(versionNumber()))
	return b.Flush()
}

// htmlSummary writes HTML2's "Meeting summary" list: each topic an <li>
// left open for its items' <ol type="a">, items before the first topic in
// an untitled <li>, items wrapped at 72 columns with an indent of 2.
type htmlSummary struct {
	haveTopic, inSublist bool
}

func (s *htmlSummary) topic(b *bufio.Writer, li string) {
	if s.inSublist {
		b.WriteString("\n</ol>")
		s.inSublist = false
	}
	if s.haveTopic {
		b.WriteString("\n<br></li>")
	}
	s.haveTopic = true
	b.WriteString("\n" + li)
}

func (s *htmlSummary) item(b *bufio.Writer, li string) {
	if !s.inSublist {
		if !s.haveTopic {
			b.WriteString("\n<li>")
			s.haveTopic = true
		}
		b.WriteString("\n<ol type=\"a\">")
		s.inSublist = true
	}
	b.WriteString("\n")
	wrapTo(b, li, 2, 4)
	b.WriteString("</li>")
}

func (s *htmlSummary) close(b *bufio.Writer) {
	if s.inSublist {
		b.WriteString("\n</ol>")
	}
	if s.haveTopic {
		b.WriteString("\n</li>")
	}
}

// appendHTMLItem appends one summary item (not a topic) before wrapping: "<li>",
// type, text, details and the tally of a decision. Its spaces are where
// MeetBot's wrapping may break it.
func appendHTMLItem(b []byte, it meeting.Item, logs string) []byte {
	b = append(b, "<li>"...)
	if it.Type == meeting.TypeLink {
		// HTML2 shows a LINK as the link and its text, without a type.
		b = append(b, linkHTML(it.Text)...)
	} else {
		class := itemClass(it.Type)
		if it.Type != meeting.TypeInfo {
			b = append(b, `<i class="itemtype">`...)
			b = append(b, class...)
			b = append(b, "</i>: "...)
		}
		b = append(b, `<span class="`...)
		b = append(b, class...)
		b = append(b, `">`...)
		// MeetBot's HTML2 colours decisions with <font>: green for
		// ACCEPTED, red for REJECTED.
		font := ""
		switch it.Type {
		case meeting.TypeAccepted:
			font = `<font color="green">`
		case meeting.TypeRejected:
			font = `<font color="red">`
		}
		b = append(b, font...)
		b = append(b, escText(it.Text)...)
		if font != "" {
			b = append(b, "</font>"...)
		}
		b = append(b, "</span>"...)
	}
	b = append(b, ' ')
	b = appendDetails(b, logs, it.Line, it.Nick, it.Time)
	if t := tallyOf(it); t != nil {
		// The tally is one unit for wrapping: its spaces are glued.
		b = append(b, " <span"+glue+"class=\"tally\">("...)
		b = append(b, strings.ReplaceAll(TallyLine(t), " ", glue)...)
		b = append(b, ")</span>"...)
	}
	return b
}

// itemClass maps an item type to the class name used for it; types gavel
// does not know (there are none today) are shown as INFO rather than
// trusted into an attribute.
func itemClass(t meeting.ItemType) string {
	switch t {
	case meeting.TypeInfo, meeting.TypeIdea, meeting.TypeAgreed, meeting.TypeAccepted, meeting.TypeRejected,
		meeting.TypeAction, meeting.TypeLink, meeting.TypeHelp, meeting.TypeVote, meeting.TypeTopic:
		return string(t)
	}
	return "INFO"
}

// details is MeetBot's "(nick, HH:MM:SS)" with the nick linking to the
// line in the HTML log.
func details(logs string, line int, nick string, t time.Time) string {
	return string(appendDetails(nil, logs, line, nick, t))
}

// appendDetails appends details.
func appendDetails(b []byte, logs string, line int, nick string, t time.Time) []byte {
	b = append(b, "<span class=\"details\">(<a href='"...)
	b = append(b, logs...)
	b = append(b, "#l-"...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, "'>"...)
	b = append(b, escText(nick)...)
	b = append(b, "</a>, "...)
	b = appendClock(b, t)
	return append(b, ")</span>"...)
}

// esc makes participant text inert in HTML text and attribute values.
func esc(s string) string { return html.EscapeString(plaintext.Plain(s)) }

// textEscaper is MeetBot's html(): enough for text between tags.
var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escText makes participant text inert between tags (never in an
// attribute): Plain, then '&', '<' and '>' escaped, as MeetBot escapes.
func escText(s string) string { return textEscaper.Replace(plaintext.Plain(s)) }

// linkHTML renders LINK text: its first URL with a linkable scheme becomes
// a link, the rest is escaped text.
func linkHTML(text string) string {
	text = plaintext.Plain(text)
	start, end := FindURL(text)
	if start < 0 {
		return textEscaper.Replace(text)
	}
	url := text[start:end]
	return textEscaper.Replace(text[:start]) + "<a href=\"" + hrefEscape(url) + "\">" + textEscaper.Replace(url) +
		"</a>" + textEscaper.Replace(text[end:])
}

// hrefEscaper percent-encodes what must never appear raw in an href.
var hrefEscaper = strings.NewReplacer(`"`, "%22", "'", "%27", " ", "%20", "<", "%3C", ">", "%3E", "`", "%60", "\\", "%5C")

// hrefEscape makes a URL safe inside a quoted attribute: quotes, spaces,
// angle brackets, backquotes and backslashes are percent-encoded, then '&'
// is written as an entity.
func hrefEscape(u string) string { return html.EscapeString(hrefEscaper.Replace(u)) }
