package minutes

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// logCSS is gavel's stylesheet for the .log.html.
const logCSS = `body { background: #f8f8f8; font-family: sans-serif; }
pre { white-space: pre-wrap; font-family: monospace; }
a.tmlink { text-decoration: none; }
.tm { color: #2a6e2a; }
.nk { color: #12336b; font-weight: bold; }
.nka { color: #2a6e2a; font-weight: bold; }
.ac { color: #2a8a2a; }
.hi { color: #40709f; }
.topic { color: #2a6e2a; font-weight: bold; }
.topicline { color: #000070; font-weight: bold; }
.cmd { color: #2a6e2a; font-weight: bold; }
.cmdline { font-weight: bold; }`

// commandSet holds the lower-cased names (without '#') the engine knows;
// only they are highlighted as commands in the HTML log.
var commandSet = func() map[string]bool {
	s := map[string]bool{}
	for _, n := range meeting.CommandNames() {
		s[strings.TrimPrefix(n, "#")] = true
	}
	return s
}()

// LogHTML writes the .log.html: the log in a <pre>, one line per message,
// each time stamp an anchor (l-N, N the 1-based line number minutes link
// to) that links to itself, MeetBot's spans for nicks, #topic and other
// commands, "nick:" addressing and /me actions, and a link back to the
// minutes at the top. All text is made Plain and HTML-escaped.
func LogHTML(w io.Writer, m *meeting.Minutes) error {
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString(htmlDoctype)
	b.WriteString("\n<html>\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\">\n<title>")
	b.WriteString(esc(m.Channel))
	b.WriteString(" log</title>\n<style type=\"text/css\">\n")
	b.WriteString(logCSS)
	b.WriteString("\n</style>\n</head>\n\n<body>\n<p><a href=\"")
	b.WriteString(hrefEscape(baseName(m) + FormatHTML.Ext()))
	b.WriteString("\">Minutes</a> of ")
	b.WriteString(esc(Title(m)))
	b.WriteString("</p>\n<pre>\n")

	people := make(map[string]bool, len(m.People))
	for _, p := range m.People {
		people[strings.ToLower(p.Nick)] = true
	}
	nicks := make(map[string]string, 64)
	escNick := func(n string) string {
		if e, ok := nicks[n]; ok {
			return e
		}
		e := esc(n)
		if len(nicks) < 4096 {
			nicks[n] = e
		}
		return e
	}
	out, buf := newLogOut(b, m.Log.Len()*192) // the markup takes some 110 bytes a line
	var numBuf [20]byte
	gaps := gapCursor(m.Gaps)
	for n, l := range m.Log.All() {
		if g := gaps.before(n); len(g) > 0 {
			buf = out.flush(buf)
			writeGapsHTML(b, g)
		}
		num := strconv.AppendInt(numBuf[:0], int64(n), 10)
		buf = append(buf, `<a href="#l-`...)
		buf = append(buf, num...)
		buf = append(buf, `" name="l-`...)
		buf = append(buf, num...)
		buf = append(buf, `"><span class="tm">`...)
		buf = appendClock(buf, l.Time)
		buf = append(buf, "</span></a>"...)
		if l.Recovered {
			buf = append(buf, ` <span class="rec" style="color: #a06000" title="`+recoveredTitle+`">&#8634;</span>`...)
		}
		if l.Kind == meeting.Action {
			buf = append(buf, ` <span class="nka">* `...)
			buf = append(buf, escNick(l.Nick)...)
			buf = append(buf, `</span> <span class="ac">`...)
			buf = appendEscaped(buf, plaintext.Plain(l.Text))
			buf = append(buf, "</span>\n"...)
		} else {
			buf = append(buf, `<span class="nk"> &lt;`...)
			buf = append(buf, escNick(l.Nick)...)
			buf = append(buf, "&gt;</span> "...)
			buf = appendLogLineHTML(buf, plaintext.Plain(l.Text), people)
			buf = append(buf, '\n')
		}
		buf = out.next(buf)
	}
	out.flush(buf)
	writeGapsHTML(b, gaps.before(m.Log.Len()+1))
	b.WriteString("</pre>\n</body></html>\n")
	return b.Flush()
}

// appendLogLineHTML appends a message's text with MeetBot's highlighting.
func appendLogLineHTML(b []byte, s string, people map[string]bool) []byte {
	if len(s) > 1 && s[0] == '#' {
		n := 1
		for n < len(s) {
			r, size := utf8.DecodeRuneInString(s[n:])
			if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break
			}
			n += size
		}
		if name := strings.ToLower(s[1:n]); n > 1 && (n == len(s) || s[n] == ' ') && commandSet[name] {
			for n < len(s) && s[n] == ' ' {
				n++
			}
			cls, line := "cmd", "cmdline"
			if name == "topic" {
				cls, line = "topic", "topicline"
			}
			b = append(b, `<span class="`+cls+`">`...)
			b = appendEscaped(b, s[:n])
			b = append(b, `</span><span class="`+line+`">`...)
			b = appendEscaped(b, s[n:])
			return append(b, "</span>"...)
		}
	}
	if i := strings.IndexByte(s, ':'); i > 0 && (i+1 == len(s) || s[i+1] == ' ') &&
		!strings.Contains(s[:i], " ") && people[strings.ToLower(s[:i])] {
		b = append(b, `<span class="hi">`...)
		b = appendEscaped(b, s[:i+1])
		b = append(b, "</span>"...)
		return appendEscaped(b, s[i+1:])
	}
	return appendEscaped(b, s)
}

// writeEscaped writes s as html.EscapeString would return it.
func writeEscaped(b *bufio.Writer, s string) {
	b.Write(appendEscaped(make([]byte, 0, len(s)+16), s))
}

// appendEscaped appends s as html.EscapeString would return it, without
// building the escaped copy: the bytes between two special ones go in at
// once.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		// Most text has none of the five: skip eight bytes at a time.
		for i+8 <= len(s) && !hasHTMLSpecial8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		if !htmlSpecial[s[i]] {
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, htmlEntity[s[i]]...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// hasHTMLSpecial8 reports whether the eight bytes of s hold one of
// & ' < > ": a byte equal to one of them is a zero lane after the xor, and
// (x - 0x01…) &^ x & 0x80… is non-zero exactly when x has a zero lane.
func hasHTMLSpecial8(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	w := plaintext.Word8(s)
	zero := func(x uint64) uint64 { return (x - ones) &^ x & highs }
	return zero(w^('&'*ones))|zero(w^('\''*ones))|zero(w^('<'*ones))|zero(w^('>'*ones))|zero(w^('"'*ones)) != 0
}

// htmlSpecial marks the bytes htmlEntity has an entity for.
var htmlSpecial = func() (t [256]bool) {
	for c, e := range htmlEntity {
		t[c] = e != ""
	}
	return t
}()

// htmlEntity is what html.EscapeString writes for each byte it escapes.
var htmlEntity = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// writeGapsHTML writes gap lines (gaps.go) in the log's <pre>.
func writeGapsHTML(b *bufio.Writer, gaps []meeting.GapNote) {
	for _, g := range gaps {
		b.WriteString(`<span class="gap" style="color: #a00000; font-weight: bold">`)
		writeEscaped(b, gapMark(g))
		b.WriteString("</span>\n")
	}
}
