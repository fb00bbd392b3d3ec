package importer

import (
	"bytes"
)

// Detect guesses the format of a log from its beginning (a few KB is
// plenty). Blank lines and lines that belong to no format (download
// headers) are skipped. It returns Auto when nothing is recognised.
func Detect(head []byte) Format {
	var d detector
	head = bytes.TrimPrefix(head, bom)
	n := 0
	for len(head) > 0 && n < detectLines && !d.decided() {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		d.add(line)
		n++
	}
	return d.result()
}

// meetbotEnough is how many MeetBot-looking lines, with no irssi sign
// among them, settle a log as MeetBot .log.txt.
const meetbotEnough = 16

// detector classifies lines one by one. HTML, WeeChat and irssi have
// unmistakable lines; a MeetBot .log.txt is one whose timed "<nick>" lines
// show none of irssi's signs ("-!-" events, "---" lines, "< nick>", actions
// padded with two blanks). Mode prefixes ("<@nick>") are found in both.
type detector struct {
	nonEmpty bool
	format   Format // set when decided
	meetbot  int
}

func (d *detector) decided() bool { return d.format != Auto }

func (d *detector) result() Format {
	if d.format != Auto {
		return d.format
	}
	if d.meetbot > 0 {
		return MeetBotText
	}
	return Auto
}

var htmlStarts = [][]byte{
	[]byte("<!doctype"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<pre"), []byte("<?xml"), []byte("<meta"), []byte("<title"),
}

func (d *detector) add(b []byte) {
	if d.decided() {
		return
	}
	b = trimBlanks(b)
	if len(b) == 0 {
		return
	}
	d.nonEmpty = true
	if b[0] == '<' {
		for _, p := range htmlStarts {
			if len(b) >= len(p) && bytes.EqualFold(b[:len(p)], p) {
				d.format = MeetBotHTML
				return
			}
		}
	}
	if bytes.Contains(b, []byte(`class="tm"`)) {
		d.format = MeetBotHTML
		return
	}
	if _, _, _, ok := weechatStamp(b); ok {
		d.format = WeeChat
		return
	}
	if bytes.HasPrefix(b, []byte("--- Log opened ")) || bytes.HasPrefix(b, []byte("--- Day changed ")) ||
		bytes.HasPrefix(b, []byte("--- Log closed ")) {
		d.format = Irssi
		return
	}
	_, rest, ok := splitStamp(b)
	if !ok || len(rest) == 0 {
		return
	}
	switch {
	case bytes.HasPrefix(rest, []byte(" -!- ")):
		d.format = Irssi
	case bytes.HasPrefix(rest, []byte("  * ")):
		// irssi pads actions to line up with "<@nick>"
		d.format = Irssi
	case len(rest) > 2 && rest[0] == ' ' && rest[1] == '<':
		if rest[2] == ' ' {
			// irssi's "< nick>": a blank where the mode would be
			d.format = Irssi
			return
		}
		if bytes.IndexByte(rest, '>') > 2 {
			d.meetbot++
		}
	case bytes.HasPrefix(rest, []byte(" * ")):
		d.meetbot++
	}
	if d.meetbot >= meetbotEnough {
		d.format = MeetBotText
	}
}
