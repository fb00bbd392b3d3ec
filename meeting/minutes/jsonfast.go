package minutes

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// The JSON minutes of a long meeting are mostly topics, items, actions and
// people. Those are written here without reflection, exactly as
// encoding/json writes them with HTML escaping off (json_test.go holds
// them to that byte for byte); everything else — tallies, votes,
// amendments, gaps, the top-level fields — still goes through
// encoding/json.

// appendJSONString appends s as a JSON string the way encoding/json does:
// '"' and '\' escaped, control characters as \b \f \n \r \t or \u00XX,
// invalid UTF-8 as \ufffd, and U+2028/U+2029 escaped; everything else,
// '<', '>' and '&' included, as is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	if plaintext.PrintableASCII(s) && !strings.ContainsAny(s, `"\`) {
		return append(append(b, s...), '"')
	}
	return appendJSONQuoted(b, s, false)
}

// appendJSONStringHTML is appendJSONString with '<', '>' and '&' escaped
// as \u003c, \u003e and \u0026 too, as json.Marshal writes strings.
func appendJSONStringHTML(b []byte, s string) []byte {
	b = append(b, '"')
	if plaintext.PrintableASCII(s) && !strings.ContainsAny(s, `"\<>&`) {
		return append(append(b, s...), '"')
	}
	return appendJSONQuoted(b, s, true)
}

// appendJSONQuoted appends s escaped, and the closing quote.
func appendJSONQuoted(b []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// appendJSONTime appends t as time.Time.MarshalJSON does; ok is false for
// a year it refuses (outside 0-9999), which the caller leaves to it.
func appendJSONTime(b []byte, t time.Time) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	b = append(b, '"')
	return append(t.AppendFormat(b, time.RFC3339Nano), '"'), true
}

// appendTally appends t as TallyResult.MarshalJSON writes it through
// json.Marshal: the three counts, then the voters by nick in sorted order,
// HTML characters escaped (the encoder keeps a marshaller's bytes as
// they are).
func appendTally(b []byte, t *meeting.TallyResult) []byte {
	b = append(b, `{"+1":`...)
	b = strconv.AppendInt(b, int64(t.Plus), 10)
	b = append(b, `,"0":`...)
	b = strconv.AppendInt(b, int64(t.Zero), 10)
	b = append(b, `,"-1":`...)
	b = strconv.AppendInt(b, int64(t.Minus), 10)
	b = append(b, `,"voters":{`...)
	// Sorted in room on the stack: a tally has a few voters.
	nicks := make([]string, 0, 8)
	for nick := range t.Voters {
		nicks = append(nicks, nick)
	}
	slices.Sort(nicks)
	for i, nick := range nicks {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONStringHTML(b, nick)
		b = append(b, ':')
		b = appendJSONStringHTML(b, t.Voters[nick])
	}
	return append(b, "}}"...)
}

func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendWhoWhen appends the fields items, topics and actions share:
// ,"nick":…,"time":…,"line":N. ok is false for a time appendJSONTime
// leaves to encoding/json.
func appendWhoWhen(b []byte, nick string, t time.Time, line int) ([]byte, bool) {
	b = append(b, `,"nick":`...)
	b = appendJSONString(b, nick)
	b = append(b, `,"time":`...)
	b, ok := appendJSONTime(b, t)
	if !ok {
		return b, false
	}
	b = append(b, `,"line":`...)
	return strconv.AppendInt(b, int64(line), 10), true
}

// jsonEncoder writes a value encoding/json's way (the fallback).
type jsonEncoder func(b []byte, v any) ([]byte, error)

// appendItem appends an Item as encoding/json would.
func appendItem(b []byte, it *meeting.Item, enc jsonEncoder) ([]byte, error) {
	start := len(b)
	b = append(b, `{"type":`...)
	b = appendJSONString(b, string(it.Type))
	b = append(b, `,"text":`...)
	b = appendJSONString(b, it.Text)
	b, ok := appendWhoWhen(b, it.Nick, it.Time, it.Line)
	if !ok {
		return enc(b[:start], *it)
	}
	var err error
	if it.Tally != nil {
		b = append(b, `,"tally":`...)
		b = appendTally(b, it.Tally)
	}
	if it.Vote != nil {
		b = append(b, `,"vote":`...)
		if b, err = enc(b, it.Vote); err != nil {
			return b, err
		}
	}
	if len(it.Owners) > 0 {
		b = append(b, `,"owners":`...)
		b = appendJSONStrings(b, it.Owners)
	}
	if len(it.Amendments) > 0 {
		b = append(b, `,"amendments":`...)
		if b, err = enc(b, it.Amendments); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendTopic appends a Topic with its items as encoding/json would.
func appendTopic(b []byte, t *meeting.Topic, enc jsonEncoder) ([]byte, error) {
	start := len(b)
	b = append(b, `{"title":`...)
	b = appendJSONString(b, t.Title)
	b, ok := appendWhoWhen(b, t.Nick, t.Time, t.Line)
	if !ok {
		return enc(b[:start], *t)
	}
	b = append(b, `,"items":`...)
	if t.Items == nil {
		return append(b, "null}"...), nil
	}
	b = append(b, '[')
	for i := range t.Items {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendItem(b, &t.Items[i], enc); err != nil {
			return b, err
		}
	}
	return append(b, "]}"...), nil
}

// appendAction appends an ActionItem as encoding/json would.
func appendAction(b []byte, a *meeting.ActionItem, enc jsonEncoder) ([]byte, error) {
	start := len(b)
	b = append(b, `{"text":`...)
	b = appendJSONString(b, a.Text)
	b, ok := appendWhoWhen(b, a.Nick, a.Time, a.Line)
	if !ok {
		return enc(b[:start], *a)
	}
	b = append(b, `,"owners":`...)
	b = appendJSONStrings(b, a.Owners)
	return append(b, '}'), nil
}

// appendPerson appends a Person as encoding/json would.
func appendPerson(b []byte, p *meeting.Person) []byte {
	b = append(b, `{"nick":`...)
	b = appendJSONString(b, p.Nick)
	b = append(b, `,"lines":`...)
	b = strconv.AppendInt(b, int64(p.Lines), 10)
	return append(b, '}')
}
